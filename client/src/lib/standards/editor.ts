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
import type { Doc } from 'yjs';
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
  document: Doc;
  provider?: { awareness: unknown } | null;
  user?: { userId: string; name: string; color: string };
  words?: Labels;
}

/** The live draft editor: content schema bound to the Yjs fragment (undo covers one's own edits only), plus named carets. */
export function standardEditorExtensions(opts: StandardEditorOptions): AnyExtension[] {
  const extensions = [...standardContentExtensions(opts.words), Collaboration.configure({ document: opts.document, field: editorFragment })];
  if (opts.provider && opts.user) extensions.push(CollaborationCaret.configure({ provider: opts.provider, user: { ...opts.user } }));
  return extensions;
}
