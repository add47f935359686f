// Clause numbering of a group-standard draft (GB/T 1.1 style), computed from the document's
// structure every time instead of stored: inserting, moving or deleting a clause can never leave a
// stale number behind. Pure; the editor shows the result, exports print it.

/** Kinds of heading in a draft. */
export const headingKinds = ['prelim', 'clause', 'term', 'annex'] as const;
export type HeadingKind = (typeof headingKinds)[number];

/** Kinds of paragraph that carry a label. */
export const paragraphKinds = ['body', 'note', 'example'] as const;
export type ParagraphKind = (typeof paragraphKinds)[number];

/** A block of the draft in document order, as far as numbering cares. */
export type NumberedBlock =
  | { type: 'heading'; level: number; kind: HeadingKind }
  | { type: 'note' }
  | { type: 'example' }
  | { type: 'table' }
  | { type: 'figure' }
  | { type: 'other' };

export interface Labels {
  /** zh: 注, 示例, 表, 附录 (the words in the labels). */
  note: string;
  example: string;
  table: string;
  figure: string;
  annex: string;
}

export const zhLabels: Labels = { note: '注', example: '示例', table: '表', figure: '图', annex: '附录' };
export const enLabels: Labels = { note: 'NOTE', example: 'EXAMPLE', table: 'Table', figure: 'Figure', annex: 'Annex' };

/** Annex letters A, B, C … (I and O are skipped, as in ISO and GB/T practice, so they are not read as 1 and 0). */
export function annexLetter(index: number): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  let n = index;
  let s = '';
  do {
    s = letters[n % letters.length] + s;
    n = Math.floor(n / letters.length) - 1;
  } while (n >= 0);
  return s;
}

/**
 * The label of each block, '' for unnumbered ones:
 * - clauses and term entries: 1, 1.1, 1.1.1 (preliminary elements — 封面, 目次, 前言, 引言 — have none);
 * - annexes: 附录A, then A.1, A.1.1 below it;
 * - notes and examples: 注 / 示例 when alone in their (sub)clause, 注1, 注2 … when there are several;
 * - tables: 表1, 表2 … in the body, 表A.1 in annex A; figures likewise: 图1, 图A.1.
 */
export function numberBlocks(blocks: NumberedBlock[], words: Labels = zhLabels): string[] {
  const labels: string[] = new Array(blocks.length).fill('');
  const counters = [0, 0, 0];
  let annex = -1;
  let inAnnex = false;
  let inPrelim = false;
  let bodyTables = 0;
  let annexTables = 0;
  let bodyFigures = 0;
  let annexFigures = 0;
  // Notes and examples are counted per smallest (sub)clause: remember where each run starts.
  let group: { note: number[]; example: number[] } = { note: [], example: [] };
  const closeGroup = () => {
    for (const kind of ['note', 'example'] as const) {
      const idx = group[kind];
      const word = kind === 'note' ? words.note : words.example;
      idx.forEach((at, i) => (labels[at] = idx.length === 1 ? word : `${word}${i + 1}`));
    }
    group = { note: [], example: [] };
  };
  blocks.forEach((b, i) => {
    if (b.type === 'heading') {
      closeGroup();
      const level = Math.min(Math.max(b.level, 1), 3);
      if (b.kind === 'prelim') {
        inPrelim = true;
        return;
      }
      inPrelim = false;
      if (b.kind === 'annex' && level === 1) {
        annex += 1;
        inAnnex = true;
        counters.fill(0);
        annexTables = 0;
        annexFigures = 0;
        labels[i] = `${words.annex}${annexLetter(annex)}`;
        return;
      }
      if (inAnnex && level === 1) {
        // A top-level clause after the annexes belongs to no annex; leave it unnumbered rather than guess.
        return;
      }
      counters[level - 1] += 1;
      for (let l = level; l < 3; l++) counters[l] = 0;
      // In an annex the annex heading is level 1, so its clauses start at level 2: A.1, A.1.1.
      labels[i] = inAnnex ? [annexLetter(annex), ...counters.slice(1, level)].join('.') : counters.slice(0, level).join('.');
      return;
    }
    if (inPrelim) return;
    if (b.type === 'note') group.note.push(i);
    else if (b.type === 'example') group.example.push(i);
    else if (b.type === 'table') labels[i] = inAnnex ? `${words.table}${annexLetter(annex)}.${++annexTables}` : `${words.table}${++bodyTables}`;
    else if (b.type === 'figure') labels[i] = inAnnex ? `${words.figure}${annexLetter(annex)}.${++annexFigures}` : `${words.figure}${++bodyFigures}`;
  });
  closeGroup();
  return labels;
}

/** A node of the editor's JSON (ProseMirror / Tiptap getJSON()). */
export interface DocJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocJson[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** What numbering needs to know about one top-level node of the draft. */
export function blockOf(node: { type: string; attrs?: Record<string, unknown> }): NumberedBlock {
  if (node.type === 'heading') {
    const kind = (headingKinds as readonly unknown[]).includes(node.attrs?.kind) ? (node.attrs!.kind as HeadingKind) : 'clause';
    return { type: 'heading', level: Number(node.attrs?.level ?? 1), kind };
  }
  if (node.type === 'paragraph' && (node.attrs?.kind === 'note' || node.attrs?.kind === 'example')) return { type: node.attrs.kind };
  if (node.type === 'table') return { type: 'table' };
  if (node.type === 'figure') return { type: 'figure' };
  return { type: 'other' };
}

/** Labels of the top-level nodes of a draft in JSON form. */
export const numberDoc = (doc: DocJson, words: Labels = zhLabels) => numberBlocks((doc.content ?? []).map(blockOf), words);
