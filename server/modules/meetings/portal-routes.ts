import { z } from 'zod';
import { PortalTenantParam, PublicMeeting } from '#schema/meetings/api.ts';
import { defineRoute } from '../../http/routes.ts';
import { inPublicTenant } from '../portal/service.ts';
import { countsOf, type MeetingRow } from './service.ts';

export const meetingPortalRoutes = [
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}/meetings',
    tag: 'portal',
    summary: "An association's coming meetings that are open to the public (audience: public)",
    access: 'public',
    params: PortalTenantParam,
    response: z.object({ timeZone: z.string().meta({ description: 'The association time zone, to show the times in' }), items: z.array(PublicMeeting) }),
    handler: ({ params, ctx }) =>
      inPublicTenant(ctx, params.tenant, async (tenant) => {
        const rows = (await ctx.services.scoped.meeting.findMany({
          where: { audience: 'public', status: 'scheduled', endsAt: { gte: new Date() } },
          orderBy: { startsAt: 'asc' },
          take: 50,
        })) as MeetingRow[];
        const items = await Promise.all(
          rows.map(async (m) => {
            const counts = await countsOf(ctx.services.scoped, m);
            return {
              id: m.id,
              title: m.title,
              description: m.description,
              format: m.format as 'hybrid',
              startsAt: m.startsAt.toISOString(),
              endsAt: m.endsAt.toISOString(),
              venue: m.venueName ? { name: m.venueName, address: m.venueAddress } : null,
              seatsLeft: m.capacity === null ? null : Math.max(0, m.capacity - counts.confirmed),
            };
          }),
        );
        return { timeZone: tenant.timeZone, items };
      }),
  }),
];
