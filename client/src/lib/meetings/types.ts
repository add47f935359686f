import type { z } from 'zod';
import type { CheckInResult, Counts, Meeting, MeetingSummary, Registration } from '#schema/meetings/api.ts';

export type Meeting = z.infer<typeof Meeting>;
export type MeetingSummary = z.infer<typeof MeetingSummary>;
export type Registration = z.infer<typeof Registration>;
export type Counts = z.infer<typeof Counts>;
export type CheckInResult = z.infer<typeof CheckInResult>;

/** The reason the API gave for a refusal, when it gave one (details.message), else its message. */
export function reasonOf(err: unknown): string {
  const e = err as { details?: { message?: string }; message?: string };
  return e?.details?.message ?? e?.message ?? String(err);
}
