import { z } from 'zod';
import { documentName } from '#schema/collab.ts';
import { IdParams } from '#schema/api/common.ts';
import { CreateNoteInput, Note, UpdateNoteInput } from '#schema/api/notes.ts';
import { notFound } from '../../http/errors.ts';
import { defineRoute, type RequestCtx } from '../../http/routes.ts';

const view = (n: { id: string; title: string; createdById: string; createdAt: Date; updatedAt: Date }) => ({
  id: n.id,
  title: n.title,
  document: documentName('note', n.id),
  createdBy: n.createdById,
  createdAt: n.createdAt.toISOString(),
  updatedAt: n.updatedAt.toISOString(),
});

async function find(ctx: RequestCtx, id: string) {
  const note = await ctx.db.note.findFirst({ where: { id } });
  if (!note) throw notFound('note');
  return note;
}

export const noteRoutes = [
  defineRoute({
    method: 'get',
    path: '/notes',
    tag: 'notes',
    summary: 'Collaborative notes of this association, most recently changed first',
    access: 'note.read',
    response: z.object({ items: z.array(Note) }),
    handler: async ({ ctx }) => ({ items: (await ctx.db.note.findMany({ orderBy: { updatedAt: 'desc' }, take: 200 })).map(view) }),
  }),
  defineRoute({
    method: 'post',
    path: '/notes',
    tag: 'notes',
    summary: 'Create a collaborative note',
    access: 'note.create',
    body: CreateNoteInput,
    response: Note,
    status: 201,
    async handler({ body, ctx }) {
      const note = await ctx.write((tx) => tx.note.create({ data: { tenantId: ctx.auth.tenant.id, title: body.title, createdById: ctx.auth.user.id } }));
      ctx.services.events.publish('note.created', { tenantId: note.tenantId, noteId: note.id, title: note.title, actorId: ctx.auth.user.id });
      return view(note);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/notes/{id}',
    tag: 'notes',
    summary: 'One note',
    access: 'note.read',
    resource: 'note',
    params: IdParams,
    response: Note,
    handler: async ({ params, ctx }) => view(await find(ctx, params.id)),
  }),
  defineRoute({
    method: 'patch',
    path: '/notes/{id}',
    tag: 'notes',
    summary: "Rename a note (its text is edited through the collab server)",
    access: 'note.write',
    resource: 'note',
    params: IdParams,
    body: UpdateNoteInput,
    response: Note,
    async handler({ params, body, ctx }) {
      await find(ctx, params.id);
      const note = await ctx.write((tx) => tx.note.update({ where: { id: params.id }, data: { title: body.title } }));
      ctx.services.events.publish('note.updated', { tenantId: note.tenantId, noteId: note.id, title: note.title, actorId: ctx.auth.user.id });
      return view(note);
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/notes/{id}',
    tag: 'notes',
    summary: 'Delete a note and its document',
    access: 'note.delete',
    resource: 'note',
    params: IdParams,
    response: null,
    status: 204,
    async handler({ params, ctx }) {
      await find(ctx, params.id);
      const name = documentName('note', params.id);
      await ctx.write(async (tx) => {
        await tx.collabUpdate.deleteMany({ where: { name } });
        await tx.collabDocument.deleteMany({ where: { name } });
        await tx.note.delete({ where: { id: params.id } });
      });
      ctx.services.events.publish('note.deleted', { tenantId: ctx.auth.tenant.id, noteId: params.id, actorId: ctx.auth.user.id });
    },
  }),
];
