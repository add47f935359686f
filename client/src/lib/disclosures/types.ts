import type { z } from 'zod';
import type { CalendarYear as CalendarSchema, Disclosure as DisclosureSchema, DisclosureSummary as SummarySchema, Question as QuestionSchema, PublicDisclosure as PublicSchema, PublicDisclosureSummary as PublicSummarySchema } from '#schema/disclosures/api.ts';

export type Disclosure = z.infer<typeof DisclosureSchema>;
export type DisclosureSummary = z.infer<typeof SummarySchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type CalendarYear = z.infer<typeof CalendarSchema>;
export type PublicDisclosure = z.infer<typeof PublicSchema>;
export type PublicDisclosureSummary = z.infer<typeof PublicSummarySchema>;

export const statusBadge: Record<Disclosure['status'], string> = { draft: 'badge-muted', published: 'badge-ok', withdrawn: 'badge-warn' };
