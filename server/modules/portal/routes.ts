import { PortalHome, PortalTenantParams } from '#schema/portal/api.ts';
import { portalLocales, type LocalizedText } from '#schema/portal/locales.ts';
import { defineRoute } from '../../http/routes.ts';
import { inPublicTenant } from './service.ts';

export const portalRoutes = [
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}',
    tag: 'portal',
    summary: "An association's public portal: its name and introduction in every language it has",
    access: 'public',
    params: PortalTenantParams,
    response: PortalHome,
    handler: ({ params, ctx }) =>
      inPublicTenant(ctx, params.tenant, async (t) => {
        const about = (await ctx.services.db.prisma.tenant.findUniqueOrThrow({ where: { id: t.id }, select: { about: true } })).about as LocalizedText | null;
        return { id: t.id, slug: t.slug, name: t.name, nameEn: t.nameEn, about, languages: [...portalLocales] };
      }),
  }),
];
