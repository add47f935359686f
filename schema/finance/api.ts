import { z } from 'zod';
import { Id, RequiredText, Text } from '../api/common.ts';

const Day = z.iso.date();
/** An amount of money in fen (分), positive. */
const Fen = z.number().int().min(1).max(100_000_000_000);

export const feeKinds = ['dues', 'service', 'training', 'other'] as const;
export const feeStatuses = ['draft', 'approved', 'revoked'] as const;
export const invoiceStatuses = ['unpaid', 'partially_paid', 'paid', 'void'] as const;
export const paymentMethods = ['bank_transfer', 'cash', 'wechat_pay'] as const;
export const offlineMethods = ['bank_transfer', 'cash'] as const;
export const expenseCategories = ['office', 'meeting', 'reception', 'travel', 'project', 'personnel', 'other'] as const;
export const expenseStatuses = ['pending', 'approved', 'rejected'] as const;
export const periodKinds = ['month', 'quarter', 'year'] as const;

/** A dues period: a year (2027), a quarter (2027-Q1) or a month (2027-03). */
export const Period = z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/);

// ---- fee items ----

export const FeeItem = z
  .object({
    id: Id,
    key: z.string(),
    name: z.string(),
    kind: z.enum(feeKinds),
    amountFen: z.number().int(),
    unit: z.string(),
    basisDocument: z.string(),
    status: z.enum(feeStatuses),
    approval: z.object({ at: z.iso.datetime(), by: z.string(), decisionRef: z.string() }).nullable(),
    invoices: z.number().int(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'FeeItem' });

export const FeeItemInput = z
  .strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
    name: RequiredText(100),
    kind: z.enum(feeKinds).default('other'),
    /** The standard amount per unit, in fen. */
    amountFen: Fen,
    unit: RequiredText(20),
    /** 收费依据: the document the standard rests on. */
    basisDocument: RequiredText(300),
  })
  .meta({ id: 'FeeItemInput' });

export const FeeApprovalInput = z
  .strictObject({
    /** 批准文号 / 决议编号 of the approving body (会员代表大会, 理事会). */
    decisionRef: RequiredText(200),
  })
  .meta({ id: 'FeeItemApproval' });

export const RefusedCharge = z
  .object({ id: Id, feeItemId: Id, feeItemName: z.string(), memberId: Id.nullable(), memberName: z.string().nullable(), title: z.string(), amountFen: z.number().int(), by: z.string().nullable(), at: z.iso.datetime() })
  .meta({ id: 'RefusedCharge' });

// ---- invoices and payments ----

export const Payment = z
  .object({ id: Id, amountFen: z.number().int(), method: z.enum(paymentMethods), reference: z.string(), paidOn: Day, recordedBy: z.string().nullable(), createdAt: z.iso.datetime() })
  .meta({ id: 'FinancePayment' });

export const Invoice = z
  .object({
    id: Id,
    number: z.string(),
    memberId: Id,
    memberName: z.string(),
    kind: z.enum(['dues', 'other']),
    feeItemId: Id.nullable(),
    period: z.string().nullable(),
    title: z.string(),
    amountFen: z.number().int(),
    paidFen: z.number().int(),
    outstandingFen: z.number().int(),
    status: z.enum(invoiceStatuses),
    issuedOn: Day,
    dueOn: Day,
    paidOn: Day.nullable(),
    overdue: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Invoice' });

export const InvoiceDetail = Invoice.extend({
  voidReason: z.string().nullable(),
  payments: z.array(Payment),
  /** An unpaid WeChat Pay order's QR link, if one was created. */
  onlineOrder: z.object({ outTradeNo: z.string(), codeUrl: z.string().nullable(), status: z.string() }).nullable(),
}).meta({ id: 'InvoiceDetail' });

export const InvoiceListQuery = z.strictObject({
  status: z.enum([...invoiceStatuses, 'open']).optional(),
  kind: z.enum(['dues', 'other']).optional(),
  memberId: Id.optional(),
  period: z.string().max(10).optional(),
});

export const InvoiceExportQuery = InvoiceListQuery.extend({ format: z.enum(['xlsx', 'pdf']) });

export const InvoiceInput = z
  .strictObject({
    memberId: Id,
    /** The approved fee item charged: the amount is its standard (for dues, the member's level dues) times the quantity. */
    feeItemId: Id,
    quantity: z.number().int().min(1).max(10_000).default(1),
    title: Text(200).optional(),
    dueOn: Day,
  })
  .meta({ id: 'InvoiceInput' });

export const DuesRunPreviewInput = z.strictObject({ period: Period }).meta({ id: 'DuesRunPreviewInput' });
export const DuesRunPreview = z
  .object({
    period: z.string(),
    feeItem: z.object({ id: Id, name: z.string(), status: z.enum(feeStatuses) }).nullable(),
    members: z.array(z.object({ memberId: Id, name: z.string(), level: z.string(), amountFen: z.number().int() })),
    totalFen: z.number().int(),
    alreadyInvoiced: z.number().int(),
  })
  .meta({ id: 'DuesRunPreview' });

export const DuesRunInput = z
  .strictObject({
    period: Period,
    dueOn: Day,
    /** The members from the preview; omitted: every active member without dues for the period. All are invoiced, or none. */
    memberIds: z.array(Id).max(100_000).optional(),
  })
  .meta({ id: 'DuesRunInput' });
export const DuesRunResult = z.object({ period: z.string(), created: z.number().int(), totalFen: z.number().int() }).meta({ id: 'DuesRunResult' });

export const PaymentInput = z
  .strictObject({
    amountFen: Fen,
    method: z.enum(offlineMethods),
    /** Bank slip or receipt number. */
    reference: RequiredText(100),
    paidOn: Day,
  })
  .meta({ id: 'PaymentInput' });

export const VoidInput = z.strictObject({ reason: RequiredText(500) }).meta({ id: 'InvoiceVoid' });

export const MyInvoices = z
  .object({ member: z.object({ id: Id, name: z.string() }).nullable(), items: z.array(Invoice), online: z.boolean() })
  .meta({ id: 'MyInvoices' });

export const OnlineOrder = z.object({ outTradeNo: z.string(), codeUrl: z.string(), qrSvg: z.string() }).meta({ id: 'OnlinePaymentOrder' });
export const PaymentProviderStatus = z.object({ wechatPay: z.boolean() }).meta({ id: 'PaymentProviderStatus' });

// ---- expenses ----

export const Expense = z
  .object({
    id: Id,
    title: z.string(),
    category: z.enum(expenseCategories),
    amountFen: z.number().int(),
    purpose: z.string(),
    headCount: z.number().int().nullable(),
    perPersonFen: z.number().int().nullable(),
    spentOn: Day,
    collectiveDecision: z.object({ id: Id, title: z.string(), decidedAt: z.iso.datetime().nullable() }).nullable(),
    /** Above the association's threshold: needs a collective decision to be approved. */
    needsDecision: z.boolean(),
    status: z.enum(expenseStatuses),
    decidedBy: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    decisionComment: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Expense' });

export const ExpenseInput = z
  .strictObject({
    title: RequiredText(200),
    category: z.enum(expenseCategories),
    amountFen: Fen,
    purpose: RequiredText(1000),
    /** Reception: the number of people served. */
    headCount: z.number().int().min(1).max(100_000).optional(),
    spentOn: Day,
    /** A decided council matter (集体决策) covering this expense. */
    collectiveDecisionId: Id.optional(),
  })
  .meta({ id: 'ExpenseInput' });

export const ExpenseListQuery = z.strictObject({ status: z.enum(expenseStatuses).optional(), category: z.enum(expenseCategories).optional() });

export const ExpenseDecisionInput = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    comment: Text(500).optional(),
    /** Link a council decision now (required above the threshold if none is linked). */
    collectiveDecisionId: Id.optional(),
  })
  .meta({ id: 'ExpenseDecision' });

export const CouncilDecisionOption = z.object({ id: Id, title: z.string(), meeting: z.string(), decidedAt: z.iso.datetime().nullable() }).meta({ id: 'CouncilDecisionOption' });

export const FinanceSettings = z.object({ expenseThresholdFen: z.number().int() }).meta({ id: 'FinanceSettings' });
export const FinanceSettingsInput = z.strictObject({ expenseThresholdFen: z.number().int().min(0).max(100_000_000_000) }).meta({ id: 'FinanceSettingsInput' });

// ---- statements ----

export const StatementQuery = z.strictObject({
  /** month | quarter | year */
  by: z.enum(periodKinds).default('month'),
  /** Default: this year in the association's time zone. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const StatementExportQuery = StatementQuery.extend({ format: z.enum(['xlsx', 'pdf']) });

const Amounts = z.object({ category: z.string(), label: z.string(), amountFen: z.number().int() });
export const StatementPeriod = z.object({
  period: z.string(),
  income: z.array(Amounts),
  expense: z.array(Amounts),
  incomeFen: z.number().int(),
  expenseFen: z.number().int(),
  balanceFen: z.number().int(),
  duesInvoicedFen: z.number().int(),
  duesPaidFen: z.number().int(),
  /** Dues paid / dues invoiced for invoices due in the period; null when nothing was invoiced. */
  collectionRate: z.number().nullable(),
});
export const Statement = z
  .object({ year: z.number().int(), by: z.enum(periodKinds), periods: z.array(StatementPeriod), total: StatementPeriod })
  .meta({ id: 'FinanceStatement' });

/** Dashboard widget: dues collection this year, by month. */
export interface DuesCollectionData {
  year: number;
  invoicedFen: number;
  paidFen: number;
  rate: number | null;
  unpaidInvoices: number;
  months: { month: string; invoicedFen: number; paidFen: number; cumulativeRate: number | null }[];
}
