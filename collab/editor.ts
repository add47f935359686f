// The editor document schema of collaborative notes, shared by the browser editor and (later) the
// server's transforms (Yjs → JSON / text / DOCX). Framework-free: plain Tiptap extensions.
import type { AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions/placeholder';
import type { Doc } from 'yjs';
import { editorFragment } from '#schema/collab.ts';

/** Who is typing, as shown on their caret and in the document's presence list. */
export interface CollabUser {
  userId: string;
  name: string;
  color: string;
}

/**
 * The content extensions of a note: headings 1–3, lists, quotes, code, links, rules. This defines
 * the ProseMirror schema; the server can build it with getSchema(noteContentExtensions()).
 * Undo/redo is left to the collaboration extension (Yjs-aware undo of one's own changes).
 */
export function noteContentExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      undoRedo: false,
      heading: { levels: [1, 2, 3] },
      link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] },
    }),
  ];
}

export interface NoteEditorOptions {
  /** The Y.Doc the provider syncs. */
  document: Doc;
  /** The Hocuspocus provider (its awareness carries carets and presence); omit for a detached editor. */
  provider?: { awareness: unknown } | null;
  user?: CollabUser;
  /** Shown in an empty document. */
  placeholder?: string;
}

/** Everything a live note editor needs: the content schema bound to the Yjs fragment, plus carets. */
export function noteEditorExtensions(opts: NoteEditorOptions): AnyExtension[] {
  const extensions = [...noteContentExtensions(), Collaboration.configure({ document: opts.document, field: editorFragment })];
  if (opts.placeholder) extensions.push(Placeholder.configure({ placeholder: opts.placeholder }));
  if (opts.provider && opts.user) {
    extensions.push(CollaborationCaret.configure({ provider: opts.provider, user: { ...opts.user } }));
  }
  return extensions;
}
