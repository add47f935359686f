import type { z } from 'zod';
import type { CreditArchive, CreditList, CreditPreview, CreditRules } from '#schema/credit/api.ts';

export type Archive = z.infer<typeof CreditArchive>;
export type StandingList = z.infer<typeof CreditList>;
export type Rules = z.infer<typeof CreditRules>;
export type Preview = z.infer<typeof CreditPreview>;
export type Grade = 'A' | 'B' | 'C' | 'D';

export const gradeBadge: Record<Grade, string> = { A: 'badge-ok', B: 'badge-muted', C: 'badge-warn', D: 'badge-danger' };
export const gradeColor: Record<Grade, string> = { A: '#16a34a', B: '#2b6cb0', C: '#d97706', D: '#dc2626' };
