import { z } from 'zod';
import { PresenceEntry, TenantSettings, UpdateTenantInput } from '#schema/api/tenant.ts';
import type { LocalizedText } from '#schema/portal/locales.ts';
import { Prisma } from '../../db/generated/client.ts';
import { defineRoute } from '../../http/routes.ts';

const settingsView = (t: { id: string; slug: string; name: string; nameEn: string | null; timeZone: string; about: unknown }) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  nameEn: t.nameEn,
  timeZone: t.timeZone,
  about: t.about as LocalizedText | null,
});

export const tenantRoutes = [
  defineRoute({
    method: 'get',
    path: '/tenant',
    tag: 'tenant',
    summary: 'The current association',
    access: 'workspace.view',
    response: TenantSettings,
    handler: async ({ ctx }) => settingsView(await ctx.services.db.prisma.tenant.findUniqueOrThrow({ where: { id: ctx.auth.tenant.id } })),
  }),
  defineRoute({
    method: 'patch',
    path: '/tenant',
    tag: 'tenant',
    summary: "Change the association's name or time zone",
    access: 'tenant.manage',
    body: UpdateTenantInput,
    response: TenantSettings,
    handler: async ({ body, ctx }) =>
      settingsView(
        await ctx.write((tx) =>
          tx.tenant.update({ where: { id: ctx.auth.tenant.id }, data: { ...body, about: body.about === null ? Prisma.DbNull : body.about } }),
        ),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/presence',
    tag: 'tenant',
    summary: 'Who from this association is online now (the same list is pushed live as presence:update)',
    access: 'workspace.view',
    response: z.object({ online: z.array(PresenceEntry) }),
    handler: async ({ ctx }) => ({ online: await ctx.services.presence(ctx.auth.tenant.id) }),
  }),
];
