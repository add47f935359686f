// Figures (图) of a draft: images uploaded by the people who write it, stored in the database like
// the other files, served to whoever may read the draft, and on the portal only while a snapshot
// shown there uses them. The exports (DOCX, PDF) embed them.
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { z } from 'zod';
import { IdParams } from '#schema/api/common.ts';
import { translator } from '#schema/i18n/index.ts';
import { FIGURE_MAX_BYTES, FigureUploadInput, PortalFigureParams, StandardFigure, type figureTypes } from '#schema/standards/api.ts';
import type { DocJson } from '#schema/standards/numbering.ts';
import type { ScopedClient } from '../../db/tenant-scope.ts';
import { ApiError, notFound } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';
import { inPublicTenant } from '../portal/service.ts';
import { draftJson } from './draft.ts';
import { draftAccessOf, findProject, groupRoleOf } from './service.ts';

type FigureType = (typeof figureTypes)[number];

/** The address a draft shows an uploaded figure from. */
export const figureSrc = (id: string) => `/api/v1/standard-figures/${id}`;
const FIGURE_SRC = /^\/api\/v1\/standard-figures\/([0-9a-f-]{36})$/;
export const figureIdOf = (src: unknown) => (typeof src === 'string' ? (FIGURE_SRC.exec(src)?.[1] ?? null) : null);

/** What the bytes really are: PNG and JPEG by their signature, SVG by its root element. */
export function sniffImage(bytes: Buffer): FigureType | null {
  if (bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return null;
}

/**
 * SVG may carry script and links; a figure needs neither. Refused outright rather than cleaned, so
 * that what is stored is what the author uploaded. (It is also served with a sandboxing CSP.)
 */
export function unsafeSvg(text: string): boolean {
  return /<script|<foreignObject|\son\w+\s*=|javascript:|<!ENTITY|(?:xlink:)?href\s*=\s*["']\s*(?!#|data:image\/)/i.test(text);
}

function refuse(ctx: RequestCtx, key: string, params: Record<string, unknown> = {}) {
  return new ApiError('validation_failed', {}, [{ path: 'body.data', code: 'custom', message: translator(ctx.locale)(`standards.figures.${key}`, params) }]);
}

async function dimensions(bytes: Buffer) {
  const { imageSize } = await import('image-size');
  try {
    const d = imageSize(bytes);
    return { width: d.width ? Math.round(d.width) : null, height: d.height ? Math.round(d.height) : null };
  } catch {
    return null;
  }
}

type FigureRow = NonNullable<Awaited<ReturnType<ScopedClient['standardFigure']['findFirst']>>>;
const view = (f: FigureRow) => ({ id: f.id, src: figureSrc(f.id), fileName: f.fileName, contentType: f.mime as FigureType, size: f.size, width: f.width, height: f.height });

function send(res: import('express').Response, f: { mime: string; content: Uint8Array; fileName: string; sha256: string }) {
  res
    .status(200)
    .set({
      'Content-Type': f.mime,
      'Content-Length': String(f.content.byteLength),
      'Content-Disposition': `inline; filename="${f.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"`,
      'X-Content-Type-Options': 'nosniff',
      // An SVG opened on its own runs nothing and loads nothing.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'Cache-Control': 'private, max-age=3600',
      ETag: `"${f.sha256}"`,
    })
    .send(Buffer.from(f.content));
}

/** The figure's images a draft shows, by figure id. */
export function figureIdsIn(doc: DocJson): Set<string> {
  const ids = new Set<string>();
  const walk = (n: DocJson) => {
    if (n.type === 'figure') {
      const id = figureIdOf(n.attrs?.src);
      if (id) ids.add(id);
    }
    (n.content ?? []).forEach(walk);
  };
  walk(doc);
  return ids;
}

/** The uploaded images of a document, loaded for an export (others keep their caption only). */
export async function figureImages(db: ScopedClient, doc: DocJson): Promise<Map<string, { mime: string; content: Buffer; width: number | null; height: number | null }>> {
  const ids = [...figureIdsIn(doc)];
  if (!ids.length) return new Map();
  const rows = await db.standardFigure.findMany({ where: { id: { in: ids } } });
  return new Map(rows.map((r) => [figureSrc(r.id), { mime: r.mime, content: Buffer.from(r.content), width: r.width, height: r.height }]));
}

/** Rewrites uploaded figures' addresses to the portal's, for a snapshot shown there. */
export function portalFigures(doc: DocJson, slug: string): DocJson {
  const walk = (n: DocJson): DocJson => {
    const id = n.type === 'figure' ? figureIdOf(n.attrs?.src) : null;
    return {
      ...n,
      ...(id ? { attrs: { ...n.attrs, src: `/api/v1/portal/${slug}/standards/figures/${id}` } } : {}),
      ...(n.content ? { content: n.content.map(walk) } : {}),
    };
  };
  return walk(doc);
}

export const figureRoutes = [
  defineRoute({
    method: 'post',
    path: '/standards/projects/{id}/figures',
    tag: 'standards',
    summary: 'Upload an image (PNG, JPEG or SVG, up to 700 KB) for a figure of the draft; leaders and authors only',
    access: 'standard.read',
    resource: 'standardProject',
    params: IdParams,
    body: FigureUploadInput,
    response: StandardFigure,
    status: 201,
    async handler({ params, body, ctx }) {
      const project = await findProject(ctx.db, params.id, ctx.locale);
      if (draftAccessOf(ctx.auth, await groupRoleOf(ctx.db, project.id, ctx.auth.user.id)) !== 'write') throw new ApiError('forbidden', { action: 'standard.draft.write' });
      const bytes = Buffer.from(body.data, 'base64');
      if (bytes.length > FIGURE_MAX_BYTES) throw refuse(ctx, 'tooLarge', { kb: FIGURE_MAX_BYTES / 1024 });
      const type = sniffImage(bytes);
      if (!type || type !== body.contentType) throw refuse(ctx, 'notImage');
      if (type === 'image/svg+xml' && unsafeSvg(bytes.toString('utf8'))) throw refuse(ctx, 'unsafeSvg');
      const size = await dimensions(bytes);
      if (!size) throw refuse(ctx, 'notImage');
      const row = await ctx.write(async (tx) => {
        const f = await tx.standardFigure.create({
          data: {
            tenantId: ctx.auth.tenant.id,
            projectId: project.id,
            fileName: body.fileName,
            mime: type,
            size: bytes.length,
            width: size.width,
            height: size.height,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            content: bytes,
            createdById: ctx.auth.user.id,
          },
        });
        // The image rows carry no audit trigger (binary); the upload itself is recorded.
        await tx.auditLog.create({
          data: { tenantId: ctx.auth.tenant.id, actorId: ctx.auth.user.id, action: 'upload', entity: 'StandardFigure', entityId: f.id, changed: [], after: { projectId: project.id, fileName: f.fileName, mime: type, size: f.size }, requestId: ctx.requestId } as never,
        });
        return f;
      });
      return view(row);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/standard-figures/{id}',
    tag: 'standards',
    summary: "A figure's image, for whoever may read the project's draft",
    access: 'standard.read',
    resource: 'standardFigure',
    params: IdParams,
    response: 'file',
    async handler({ params, ctx, res }) {
      const f = await ctx.db.standardFigure.findFirst({ where: { id: params.id } });
      const allowed = f && draftAccessOf(ctx.auth, await groupRoleOf(ctx.db, f.projectId, ctx.auth.user.id));
      if (!f || !allowed) throw notFound(translator(ctx.locale)('standards.figures.entity'));
      send(res, f);
      return { filename: f.fileName, body: f.content };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/portal/{tenant}/standards/figures/{id}',
    tag: 'standards',
    summary: 'A figure of a snapshot on the portal (open for comment or published); other figures are not public',
    access: 'public',
    params: PortalFigureParams,
    response: 'file',
    handler: ({ params, ctx, res }) =>
      inPublicTenant(ctx, params.tenant, async () => {
        const db = ctx.services.scoped;
        const f = await db.standardFigure.findFirst({ where: { id: params.id } });
        const p = f ? await db.standardProject.findFirst({ where: { id: f.projectId } }) : null;
        const shown = p ? [p.stage === 'public_comment' ? p.commentVersionId : null, p.publishedAt ? p.publishedVersionId : null].filter((v): v is string => !!v) : [];
        let visible = false;
        for (const versionId of shown) {
          const state = await db.standardVersionState.findFirst({ where: { versionId } });
          if (!state) continue;
          const doc = new Y.Doc();
          Y.applyUpdate(doc, state.state);
          if (figureIdsIn(draftJson(doc)).has(params.id)) visible = true;
          doc.destroy();
          if (visible) break;
        }
        if (!f || !visible) throw notFound('resource');
        send(res, f);
        return { filename: f.fileName, body: f.content };
      }),
  }),
];

export const FigureList = z.object({ items: z.array(StandardFigure) });
