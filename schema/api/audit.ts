import { z } from 'zod';
import { Id } from './common.ts';

export const AuditEntry = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.object({ id: Id, name: z.string(), email: z.string() }).nullable(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    changed: z.array(z.string()),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });

const AuditFilter = {
  entity: z.string().trim().max(60).optional(),
  entityId: z.string().trim().max(60).optional(),
  action: z.string().trim().max(30).optional(),
  actorId: Id.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

export const AuditQuery = z.strictObject({
  ...AuditFilter,
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The same filters, as a file (the newest 10,000 entries at most). */
export const AuditExportQuery = z.strictObject({ ...AuditFilter, format: z.enum(['xlsx', 'pdf']) });
