import type { z } from 'zod';
import type { Alert as AlertSchema, AlertDetail as AlertDetailSchema, AlertSummary as SummarySchema, PreviewResult as PreviewSchema, Rule as RuleSchema } from '#schema/compliance/api.ts';

export type Alert = z.infer<typeof AlertSchema>;
export type AlertDetail = z.infer<typeof AlertDetailSchema>;
export type AlertSummary = z.infer<typeof SummarySchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type Preview = z.infer<typeof PreviewSchema>;

export const severityBadge: Record<Alert['severity'], string> = { critical: 'badge-danger', high: 'badge-danger', medium: 'badge-warn', low: 'badge-muted' };
export const statusBadge: Record<Alert['status'], string> = { open: 'badge-danger', acknowledged: 'badge-warn', resolved: 'badge-ok', dismissed: 'badge-muted' };
