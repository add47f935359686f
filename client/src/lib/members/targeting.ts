import type { z } from 'zod';
import type { ApiFailure } from '#lib/api.ts';
import type {
  MemberImport as MemberImportSchema,
  MemberImportSummary as MemberImportSummarySchema,
  MemberTag as MemberTagSchema,
  Push as PushSchema,
  MyPush as MyPushSchema,
  PushNotice as PushNoticeSchema,
  PushPreview as PushPreviewSchema,
  PushSummary as PushSummarySchema,
} from '#schema/members/targeting.ts';

export type MemberTag = z.infer<typeof MemberTagSchema>;
export type Push = z.infer<typeof PushSchema>;
export type PushSummary = z.infer<typeof PushSummarySchema>;
export type PushPreview = z.infer<typeof PushPreviewSchema>;
export type PushNotice = z.infer<typeof PushNoticeSchema>;
export type MyPush = z.infer<typeof MyPushSchema>;
export type MemberImport = z.infer<typeof MemberImportSchema>;
export type MemberImportSummary = z.infer<typeof MemberImportSummarySchema>;


/** The reason an API refusal carries (details.message, or details.reason as the members service words it), else its message; the first field message of a validation error. */
export function reasonOf(err: ApiFailure): string {
  const d = err.details as { reason?: unknown; message?: unknown } | undefined;
  if (d && typeof d === 'object' && !Array.isArray(d)) {
    if (typeof d.message === 'string') return d.message;
    if (typeof d.reason === 'string') return d.reason;
  }
  if (Array.isArray(d) && typeof d[0]?.message === 'string') return d[0].message;
  return err.message;
}
