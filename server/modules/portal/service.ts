import type { Auth } from '../../http/context.ts';
import { ApiError } from '../../http/errors.ts';
import type { RequestCtx } from '../../http/routes.ts';
import { runInTenant } from '../../db/tenant-scope.ts';

/**
 * The public portal reads one association's published content without a login. The association
 * comes from the URL's slug; the read then runs in that tenant's scope like any other request.
 */
export async function inPublicTenant<T>(ctx: RequestCtx<Auth | null>, slug: string, fn: (tenant: { id: string; slug: string; name: string; nameEn: string | null; timeZone: string }) => Promise<T>): Promise<T> {
  const tenant = await ctx.services.db.prisma.tenant.findUnique({ where: { slug } });
  if (!tenant) throw new ApiError('tenant_not_found', { tenant: slug });
  return runInTenant({ tenantId: tenant.id, actorId: ctx.auth?.user.id ?? null, requestId: ctx.requestId }, () => fn(tenant));
}
