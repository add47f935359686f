import { z } from 'zod';
import { PortalTenantParams } from '#schema/portal/api.ts';
import { PublicApplicationCreated, PublicApplicationInput, PublicApplicationParams, PublicApplicationStatus, PublicStatusQuery } from '#schema/members/api.ts';
import { defineRoute } from '../../http/routes.ts';
import { inPublicTenant } from '../portal/service.ts';
import { createPublicApplication, publicApplicationStatus } from './applications.ts';
import { listLevels } from './service.ts';

const tag = 'portal';

/** 入会申请 on the public portal: levels, one-step application with files, status by tracking token. */
export const membersPortalRoutes = [
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}/membership-levels',
    tag,
    summary: 'Membership levels with their dues and term, for the public application form',
    access: 'public',
    params: PortalTenantParams,
    response: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable(), duesFen: z.number().int(), termMonths: z.number().int() })) }),
    handler: ({ params, ctx }) =>
      inPublicTenant(ctx, params.tenant, async () => ({
        items: (await listLevels(ctx)).map((l) => ({ id: l.id, name: l.name, nameEn: l.nameEn, duesFen: l.duesFen, termMonths: l.termMonths })),
      })),
  }),
  defineRoute({
    method: 'post',
    path: '/portal/{tenant}/membership-applications',
    tag,
    summary: 'Apply for membership without an account: complete or refused with what is missing; returns a tracking token',
    access: 'public',
    params: PortalTenantParams,
    body: PublicApplicationInput,
    response: PublicApplicationCreated,
    status: 201,
    handler: ({ params, body, ctx }) => inPublicTenant(ctx, params.tenant, (tenant) => createPublicApplication(ctx, tenant, body)),
  }),
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}/membership-applications/{id}',
    tag,
    summary: "A public applicant's view of its application, with the tracking token",
    access: 'public',
    params: PublicApplicationParams,
    query: PublicStatusQuery,
    response: PublicApplicationStatus,
    handler: ({ params, query, ctx }) => inPublicTenant(ctx, params.tenant, () => publicApplicationStatus(ctx, params.id, query.token)),
  }),
];
