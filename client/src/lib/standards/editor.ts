// The editor schema of a group-standard draft: clauses as headings with a kind (preliminary
// element, clause, term entry, annex), paragraphs that may be a note (注) or an example (示例),
// and tables. Clause numbers are decorations computed from the document on every change
// (schema/standards/numbering.ts), never typed text, so they stay right whatever is inserted,
// moved or deleted. Framework-free Tiptap extensions.
import { Extension, Node, mergeAttributes, type AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node as PmNode } from '@tiptap/pm/model';
import { addColumnAfter, addRowAfter, deleteColumn, deleteRow, goToNextCell, tableEditing } from '@tiptap/pm/tables';
import * as Y from 'yjs';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import type { Editor } from '@tiptap/core';
import type { EditorState } from '@tiptap/pm/state';
import { editorFragment } from '#schema/collab.ts';
import { blockOf, headingKinds, numberBlocks, paragraphKinds, type Labels } from '#schema/standards/numbering.ts';

const kindAttr = (fallback: string, allowed: readonly string[]) => ({
  default: fallback,
  parseHTML: (el: HTMLElement) => (allowed.includes(el.getAttribute('data-kind') ?? '') ? el.getAttribute('data-kind') : fallback),
  renderHTML: (attrs: Record<string, unknown>) => ({ 'data-kind': attrs.kind }),
});

/** Headings are clauses of a kind, paragraphs may be notes or examples. */
const Kinds = Extension.create({
  name: 'standardKinds',
  addGlobalAttributes: () => [
    { types: ['heading'], attributes: { kind: kindAttr('clause', headingKinds) } },
    { types: ['paragraph'], attributes: { kind: kindAttr('body', paragraphKinds) } },
  ],
});

const roles: Record<string, string> = { table: 'table', tableRow: 'row', tableCell: 'cell', tableHeader: 'header_cell' };
/** prosemirror-tables finds its nodes by the tableRole in their schema spec. */
const TableRoles = Extension.create({
  name: 'tableRoles',
  extendNodeSchema: (extension) => (roles[extension.name] ? { tableRole: roles[extension.name] } : {}),
});

const Table = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  isolating: true,
  parseHTML: () => [{ tag: 'table' }],
  renderHTML: ({ HTMLAttributes }) => ['table', mergeAttributes(HTMLAttributes), ['tbody', 0]],
  addProseMirrorPlugins: () => [tableEditing()],
  addKeyboardShortcuts: () => ({
    Tab: ({ editor }) => goToNextCell(1)(editor.state, editor.view.dispatch),
    'Shift-Tab': ({ editor }) => goToNextCell(-1)(editor.state, editor.view.dispatch),
  }),
});
const TableRow = Node.create({ name: 'tableRow', content: '(tableCell | tableHeader)*', parseHTML: () => [{ tag: 'tr' }], renderHTML: () => ['tr', 0] });
const cellAttrs = { colspan: { default: 1 }, rowspan: { default: 1 }, colwidth: { default: null } };
const TableCell = Node.create({ name: 'tableCell', content: 'block+', isolating: true, addAttributes: () => cellAttrs, parseHTML: () => [{ tag: 'td' }], renderHTML: ({ HTMLAttributes }) => ['td', HTMLAttributes, 0] });
const TableHeader = Node.create({ name: 'tableHeader', content: 'block+', isolating: true, addAttributes: () => cellAttrs, parseHTML: () => [{ tag: 'th' }], renderHTML: ({ HTMLAttributes }) => ['th', HTMLAttributes, 0] });

export const numberingKey = new PluginKey<DecorationSet>('standard-numbering');

/** The outline of a draft: its headings with their numbers (for the 目次 and navigation). */
export interface OutlineEntry {
  pos: number;
  level: number;
  kind: string;
  label: string;
  text: string;
}

export function outlineOf(doc: PmNode, words?: Labels): OutlineEntry[] {
  const nodes: { node: PmNode; pos: number }[] = [];
  doc.forEach((node, pos) => nodes.push({ node, pos }));
  const labels = numberBlocks(nodes.map(({ node }) => blockOf({ type: node.type.name, attrs: node.attrs })), words);
  return nodes.flatMap(({ node, pos }, i) =>
    node.type.name === 'heading' ? [{ pos, level: Number(node.attrs.level), kind: String(node.attrs.kind), label: labels[i], text: node.textContent }] : [],
  );
}

function decorate(doc: PmNode, words?: Labels): DecorationSet {
  const nodes: { node: PmNode; pos: number }[] = [];
  doc.forEach((node, pos) => nodes.push({ node, pos }));
  const labels = numberBlocks(nodes.map(({ node }) => blockOf({ type: node.type.name, attrs: node.attrs })), words);
  const decorations = nodes.flatMap(({ node, pos }, i) => {
    if (!labels[i]) return [];
    if (node.type.name === 'table') {
      const caption = () => {
        const el = document.createElement('div');
        el.className = 'table-label';
        el.textContent = labels[i];
        return el;
      };
      return [Decoration.widget(pos, caption, { side: -1, key: `table-${labels[i]}` })];
    }
    return [Decoration.node(pos, pos + node.nodeSize, { 'data-number': labels[i] })];
  });
  return DecorationSet.create(doc, decorations);
}

/** Shows each clause's number, recomputed when the document changes. */
export const ClauseNumbering = Extension.create<{ words?: Labels }>({
  name: 'clauseNumbering',
  addOptions: () => ({ words: undefined }),
  addProseMirrorPlugins() {
    const words = this.options.words;
    return [
      new Plugin({
        key: numberingKey,
        state: {
          init: (_, state) => decorate(state.doc, words),
          apply: (tr, old) => (tr.docChanged ? decorate(tr.doc, words) : old),
        },
        props: { decorations: (state) => numberingKey.getState(state) },
      }),
    ];
  },
});

/** Table commands for the toolbar. */
export const tableCommands = { addRowAfter, addColumnAfter, deleteRow, deleteColumn };

/** A fresh 3 × 2 table with a header row. */
export const newTable = () => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: [0, 1, 2].map(() => ({ type: 'tableHeader', content: [{ type: 'paragraph' }] })) },
    { type: 'tableRow', content: [0, 1, 2].map(() => ({ type: 'tableCell', content: [{ type: 'paragraph' }] })) },
  ],
});

export function standardContentExtensions(words?: Labels): AnyExtension[] {
  return [
    StarterKit.configure({ undoRedo: false, heading: { levels: [1, 2, 3] }, codeBlock: false, link: { openOnClick: false, autolink: true, protocols: ['http', 'https'] } }),
    Kinds,
    TableRoles,
    Table,
    TableRow,
    TableCell,
    TableHeader,
    ClauseNumbering.configure({ words }),
  ];
}

export interface StandardEditorOptions {
  document: Y.Doc;
  provider?: { awareness: unknown } | null;
  user?: { userId: string; name: string; color: string };
  words?: Labels;
  /** A click on a commented range. */
  onCommentClick?: (id: string) => void;
}

/** The live draft editor: content schema bound to the Yjs fragment (undo covers one's own edits only), plus named carets. */
export function standardEditorExtensions(opts: StandardEditorOptions): AnyExtension[] {
  const extensions = [
    ...standardContentExtensions(opts.words),
    Collaboration.configure({ document: opts.document, field: editorFragment }),
    CommentHighlights.configure({ onClick: opts.onCommentClick }),
  ];
  if (opts.provider && opts.user) extensions.push(CollaborationCaret.configure({ provider: opts.provider, user: { ...opts.user } }));
  return extensions;
}

// ─── Comment anchors ────────────────────────────────────────────────────────────────────────────
// Comments live in the database with their range as Yjs relative positions (base64). The editor
// turns them into ProseMirror positions through the Yjs binding's mapping whenever it draws, so the
// marks follow the words however others edit around them.


export interface CommentAnchor {
  id: string;
  start: string;
  end: string;
  active?: boolean;
  resolved?: boolean;
}

const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

function binding(state: EditorState) {
  const y = ySyncPluginKey.getState(state) as { doc: Y.Doc; type: Y.XmlFragment; binding?: { mapping: Map<unknown, unknown> } } | undefined;
  return y?.binding ? { doc: y.doc, type: y.type, mapping: y.binding.mapping } : null;
}

/** The selection as a comment anchor (relative positions) and the quoted text, or null when nothing is selected. */
export function anchorOfSelection(editor: Editor): { anchor: { start: string; end: string }; quote: string } | null {
  const { from, to, empty } = editor.state.selection;
  const b = binding(editor.state);
  if (empty || !b) return null;
  const start = absolutePositionToRelativePosition(from, b.type, b.mapping as never);
  const end = absolutePositionToRelativePosition(to, b.type, b.mapping as never);
  return {
    anchor: { start: toB64(Y.encodeRelativePosition(start)), end: toB64(Y.encodeRelativePosition(end)) },
    quote: editor.state.doc.textBetween(from, to, ' ').slice(0, 2000),
  };
}

/** Where an anchor is in the editor now, or null if its text is gone. */
export function rangeOfAnchor(state: EditorState, a: { start: string; end: string }): { from: number; to: number } | null {
  const b = binding(state);
  if (!b) return null;
  try {
    const from = relativePositionToAbsolutePosition(b.doc, b.type, Y.decodeRelativePosition(fromB64(a.start)), b.mapping as never);
    const to = relativePositionToAbsolutePosition(b.doc, b.type, Y.decodeRelativePosition(fromB64(a.end)), b.mapping as never);
    return from === null || to === null || to <= from ? null : { from, to };
  } catch {
    return null;
  }
}

export const commentsKey = new PluginKey('standard-comments');

/** Highlights commented ranges; a click on one reports its comment id. */
export const CommentHighlights = Extension.create<{ onClick?: (id: string) => void }, { anchors: CommentAnchor[] }>({
  name: 'commentHighlights',
  addOptions: () => ({ onClick: undefined }),
  addStorage: () => ({ anchors: [] }),
  addProseMirrorPlugins() {
    const storage = this.storage;
    const options = this.options;
    return [
      new Plugin({
        key: commentsKey,
        props: {
          decorations(state) {
            const decorations = storage.anchors.flatMap((a) => {
              const r = rangeOfAnchor(state, a);
              if (!r) return [];
              const cls = `comment-mark${a.active ? ' active' : ''}${a.resolved ? ' resolved' : ''}`;
              return [Decoration.inline(r.from, r.to, { class: cls, 'data-comment-id': a.id })];
            });
            return DecorationSet.create(state.doc, decorations);
          },
          handleClick(view, pos) {
            const hit = storage.anchors.find((a) => {
              const r = rangeOfAnchor(view.state, a);
              return r && pos >= r.from && pos <= r.to;
            });
            if (hit) options.onClick?.(hit.id);
            return false;
          },
        },
      }),
    ];
  },
});

/** Shows a new set of comment anchors. */
export function setCommentAnchors(editor: Editor, anchors: CommentAnchor[]) {
  (editor.storage as unknown as { commentHighlights: { anchors: CommentAnchor[] } }).commentHighlights.anchors = anchors;
  // A click that has moved the DOM selection may not have reached the editor state yet (the
  // selectionchange event comes later); read it first, or this redraw would put the old one back.
  (editor.view as unknown as { domObserver?: { flush(): void } }).domObserver?.flush();
  editor.view.dispatch(editor.state.tr.setMeta(commentsKey, true));
}
