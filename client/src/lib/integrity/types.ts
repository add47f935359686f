import type { z } from 'zod';
import type { Declaration as DeclarationSchema, Entry as EntrySchema, Payment as PaymentSchema, RiskPoint as RiskSchema } from '#schema/integrity/api.ts';

export type RiskPoint = z.infer<typeof RiskSchema>;
export type Entry = z.infer<typeof EntrySchema>;
export type Declaration = z.infer<typeof DeclarationSchema>;
export type Payment = z.infer<typeof PaymentSchema>;

export const levelBadge: Record<RiskPoint['level'], string> = { high: 'badge-danger', medium: 'badge-warn', low: 'badge-muted' };
export const declarationBadge: Record<Declaration['status'], string> = { pending: 'badge-warn', approved: 'badge-ok', rejected: 'badge-danger' };
/** 元 with two decimals from fen. */
export const yuan = (fen: number | null) => (fen == null ? '—' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
