// Named versions of a draft: a snapshot of the Yjs state under a name, a diff between any two (or
// against the draft as it is now), and the content to restore — which the editor applies as a new
// edit on top, so history is never rewritten.
import * as Y from 'yjs';
import { IdParams } from '#schema/api/common.ts';
import { translator } from '#schema/i18n/index.ts';
import { CreateVersionInput, DiffQuery, StandardDiff, StandardVersion, StandardVersionContent, StandardVersionList } from '#schema/standards/api.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import { loadDraft } from './comments.ts';
import { draftDiff } from './diff.ts';
import { draftJson } from './draft.ts';
import { draftAccessOf, findProject, groupRoleOf } from './service.ts';

async function access(ctx: RequestCtx, projectId: string) {
  await findProject(ctx.db, projectId, ctx.locale);
  const a = draftAccessOf(ctx.auth, await groupRoleOf(ctx.db, projectId, ctx.auth.user.id));
  if (!a) throw new ApiError('forbidden', { action: translator(ctx.locale)('standards.errors.needGroup') });
  return a;
}

async function names(ctx: RequestCtx, ids: string[]) {
  const m = await ctx.db.membership.findMany({ where: { userId: { in: [...new Set(ids)] } }, include: { user: { select: { name: true } } } });
  return new Map(m.map((x) => [x.userId, x.user.name]));
}

const view = (v: { id: string; name: string; createdById: string; createdAt: Date }, people: Map<string, string>) => ({
  id: v.id,
  name: v.name,
  createdByName: people.get(v.createdById) ?? '—',
  createdAt: v.createdAt.toISOString(),
});

async function findVersion(ctx: RequestCtx, id: string, projectId?: string) {
  const v = await ctx.db.standardVersion.findFirst({ where: { id, ...(projectId ? { projectId } : {}) } });
  if (!v) throw notFound(translator(ctx.locale)('standards.versions.entity'));
  return v;
}

async function versionDoc(ctx: RequestCtx, versionId: string): Promise<Y.Doc> {
  const state = await ctx.db.standardVersionState.findFirst({ where: { versionId } });
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state.state);
  return doc;
}

export const versionRoutes = [
  defineRoute({
    method: 'get',
    path: '/standards/projects/{id}/versions',
    tag: 'standards',
    summary: "Named versions of a project's draft, newest first",
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    response: StandardVersionList,
    async handler({ params, ctx }) {
      const a = await access(ctx, params.id);
      const rows = await ctx.db.standardVersion.findMany({ where: { projectId: params.id }, orderBy: { createdAt: 'desc' } });
      const people = await names(ctx, rows.map((r) => r.createdById));
      return { items: rows.map((r) => view(r, people)), canSave: a === 'write' };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/standards/projects/{id}/versions',
    tag: 'standards',
    summary: 'Save the draft as it is now under a name (leaders and authors)',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    body: CreateVersionInput,
    response: StandardVersion,
    status: 201,
    async handler({ params, body, ctx }) {
      if ((await access(ctx, params.id)) !== 'write') throw new ApiError('forbidden', { action: translator(ctx.locale)('standards.errors.needAuthor') });
      const state = Y.encodeStateAsUpdate(await loadDraft(ctx.db, params.id));
      const v = await ctx.write(async (tx) => {
        const row = await tx.standardVersion.create({ data: { tenantId: ctx.auth.tenant.id, projectId: params.id, name: body.name, createdById: ctx.auth.user.id } });
        await tx.standardVersionState.create({ data: { tenantId: ctx.auth.tenant.id, versionId: row.id, state: Buffer.from(state) } });
        return row;
      });
      return view(v, await names(ctx, [v.createdById]));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/standards/versions/{id}',
    tag: 'standards',
    summary: 'One named version with its content (editor JSON), to read or restore',
    access: 'standard.read',
    resource: 'standardVersion',
    params: IdParams,
    response: StandardVersionContent,
    async handler({ params, ctx }) {
      const v = await findVersion(ctx, params.id);
      await access(ctx, v.projectId);
      return { ...view(v, await names(ctx, [v.createdById])), content: draftJson(await versionDoc(ctx, v.id)) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/standards/projects/{id}/diff',
    tag: 'standards',
    summary: 'Insertions and deletions per clause between two versions, or a version and the draft as it is now',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    query: DiffQuery,
    response: StandardDiff,
    async handler({ params, query, ctx }) {
      await access(ctx, params.id);
      const side = async (v: string) => draftJson(v === 'current' ? await loadDraft(ctx.db, params.id) : await versionDoc(ctx, (await findVersion(ctx, v, params.id)).id));
      return { changes: draftDiff(await side(query.from), await side(query.to)) };
    },
  }),
];
