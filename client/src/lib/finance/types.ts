import type { z } from 'zod';
import type {
  CouncilDecisionOption as DecisionSchema,
  DuesRunPreview as PreviewSchema,
  Expense as ExpenseSchema,
  FeeItem as FeeSchema,
  Invoice as InvoiceSchema,
  InvoiceDetail as DetailSchema,
  RefusedCharge as RefusedSchema,
  Statement as StatementSchema,
} from '#schema/finance/api.ts';
import { ApiFailure } from '#lib/api.ts';

export type FeeItem = z.infer<typeof FeeSchema>;
export type Invoice = z.infer<typeof InvoiceSchema>;
export type InvoiceDetail = z.infer<typeof DetailSchema>;
export type DuesPreview = z.infer<typeof PreviewSchema>;
export type Expense = z.infer<typeof ExpenseSchema>;
export type DecisionOption = z.infer<typeof DecisionSchema>;
export type Statement = z.infer<typeof StatementSchema>;
export type RefusedCharge = z.infer<typeof RefusedSchema>;

export const invoiceBadge: Record<Invoice['status'], string> = { unpaid: 'badge-danger', partially_paid: 'badge-warn', paid: 'badge-ok', void: 'badge-muted' };
export const feeBadge: Record<FeeItem['status'], string> = { draft: 'badge-warn', approved: 'badge-ok', revoked: 'badge-muted' };
export const expenseBadge: Record<Expense['status'], string> = { pending: 'badge-warn', approved: 'badge-ok', rejected: 'badge-muted' };

/** 1234567 fen → "12,345.67" */
export const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "12,345.6" (yuan as typed) → 1234560 fen; null when it is not an amount. */
export function toFen(text: string): number | null {
  const s = text.replace(/[,，\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100);
}

/** A refusal's reason (the API puts it in details.reason) or its message. */
export function reasonOf(err: unknown): string | null {
  if (!(err instanceof ApiFailure)) return null;
  const reason = (err.details as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : null;
}
