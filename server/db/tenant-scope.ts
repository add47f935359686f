import { AsyncLocalStorage } from 'node:async_hooks';
import { Prisma, type PrismaClient } from './generated/client.ts';

/**
 * Tenant isolation is one mechanism: the request (or job) runs inside a TenantContext, and the
 * scoped client below adds the context's tenantId to every query on a tenant-owned model. A query
 * on such a model outside any context throws instead of reading across tenants.
 */
export interface TenantContext {
  tenantId: string;
  actorId: string | null;
  requestId?: string;
  /** Set inside write(): mutations outside it are refused so that each change is attributed. */
  writing?: boolean;
}

const storage = new AsyncLocalStorage<TenantContext>();

export function currentContext(): TenantContext | undefined {
  return storage.getStore();
}

/** Runs fn in the tenant; awaited inside, because Prisma queries are lazy until awaited. */
export function runInTenant<T>(ctx: TenantContext, fn: () => T | PromiseLike<T>): Promise<T> {
  return storage.run(ctx, async () => await fn());
}

/** Models that have a tenantId column, read from the generated client. */
export const tenantModels: ReadonlySet<string> = new Set(
  Object.values(Prisma.ModelName).filter((model) => {
    const fields = (Prisma as unknown as Record<string, Record<string, string> | undefined>)[`${model}ScalarFieldEnum`];
    return fields !== undefined && 'tenantId' in fields;
  }),
);

const reads = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy']);
const whereWrites = new Set(['update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany']);
const creates = new Set(['create', 'createMany', 'createManyAndReturn']);

export class TenantScopeError extends Error {}

function scopeArgs(model: string, operation: string, args: Record<string, unknown>, tenantId: string) {
  const withTenant = (data: unknown) => {
    const row = data as Record<string, unknown>;
    if (row.tenantId !== undefined && row.tenantId !== tenantId) throw new TenantScopeError(`${model}.${operation}: tenantId of another tenant`);
    return { ...row, tenantId };
  };
  if (reads.has(operation) || whereWrites.has(operation)) {
    return { ...args, where: { ...(args.where as object | undefined), tenantId } };
  }
  if (creates.has(operation)) {
    const data = args.data;
    return { ...args, data: Array.isArray(data) ? data.map(withTenant) : withTenant(data) };
  }
  if (operation === 'upsert') {
    return { ...args, where: { ...(args.where as object), tenantId }, create: withTenant(args.create) };
  }
  throw new TenantScopeError(`${model}.${operation} is not supported on tenant-owned models`);
}

const mutations = new Set([...whereWrites, ...creates, 'upsert']);

export function scopeToTenant(base: PrismaClient) {
  return base.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const ctx = storage.getStore();
          if (mutations.has(operation) && !ctx?.writing) {
            throw new TenantScopeError(`${model}.${operation} outside write(): changes must run in a write transaction`);
          }
          if (!tenantModels.has(model)) return query(args);
          if (!ctx) throw new TenantScopeError(`${model}.${operation} outside a tenant context`);
          return query(scopeArgs(model, operation, (args ?? {}) as Record<string, unknown>, ctx.tenantId) as typeof args);
        },
      },
    },
  });
}

export type ScopedClient = ReturnType<typeof scopeToTenant>;
export type ScopedTx = Parameters<Parameters<ScopedClient['$transaction']>[0]>[0];

/** Who a change is attributed to in the audit log. */
export interface AuditActor {
  actorId: string | null;
  tenantId: string | null;
  requestId?: string;
}

type RawExecutor = { $executeRaw: PrismaClient['$executeRaw'] };

async function attribute(tx: RawExecutor, a: AuditActor) {
  await tx.$executeRaw`SELECT set_config('xiehui.actor_id', ${a.actorId ?? ''}, true), set_config('xiehui.tenant_id', ${a.tenantId ?? ''}, true), set_config('xiehui.request_id', ${a.requestId ?? ''}, true)`;
}

/**
 * Runs fn in one transaction that carries the actor, tenant and request id for the audit
 * triggers. Every change goes through here, so it commits or rolls back as a whole.
 */
export async function write<T>(client: ScopedClient, fn: (tx: ScopedTx) => Promise<T>, options?: { timeout?: number }): Promise<T> {
  const ctx = storage.getStore();
  if (!ctx) throw new TenantScopeError('write() outside a tenant context');
  return client.$transaction(
    async (tx) => {
      await attribute(tx, ctx);
      // Awaited inside run(): Prisma queries are lazy and would otherwise execute outside the context.
      return storage.run({ ...ctx, writing: true }, async () => await fn(tx as ScopedTx));
    },
    // A longer limit for the few writes that are big on purpose (a whole member ledger in one transaction).
    options?.timeout ? { timeout: options.timeout } : undefined,
  );
}

export type RawTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** The same for platform code on the unscoped client (users, sessions, tenants). */
export async function systemWrite<T>(prisma: PrismaClient, actor: AuditActor, fn: (tx: RawTx) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await attribute(tx, actor);
    return fn(tx);
  });
}
