// A readable diff between two versions of a draft, clause by clause: the drafts are cut into
// sections at each heading, sections are matched by their heading's text (so renumbering alone is
// not a change), and the text of matched sections is compared character by character (Chinese has
// no spaces between words).
import { diffArrays, diffChars } from 'diff';
import { numberDoc, type DocJson } from '#schema/standards/numbering.ts';

export interface Section {
  /** The clause number ('' for preliminary elements and text before the first heading). */
  clause: string;
  title: string;
  text: string;
}

const textOf = (n: DocJson): string => (n.type === 'text' ? (n.text ?? '') : (n.content ?? []).map(textOf).join(n.type === 'tableRow' ? ' | ' : ''));

/** Lines of a block: one per paragraph; a table row per line. */
function linesOf(n: DocJson, label: string): string[] {
  if (n.type === 'table') return [label, ...(n.content ?? []).map(textOf)].filter(Boolean);
  if (n.type === 'bulletList' || n.type === 'orderedList') return (n.content ?? []).map(textOf);
  const text = textOf(n);
  return [label && n.type === 'paragraph' ? `${label}：${text}` : text];
}

export function sectionsOf(doc: DocJson): Section[] {
  const labels = numberDoc(doc);
  const sections: Section[] = [];
  let current: Section & { lines: string[] } = { clause: '', title: '', text: '', lines: [] };
  const close = () => {
    if (current.title || current.lines.length) sections.push({ clause: current.clause, title: current.title, text: current.lines.join('\n') });
  };
  (doc.content ?? []).forEach((n, i) => {
    if (n.type === 'heading') {
      close();
      current = { clause: labels[i], title: textOf(n), text: '', lines: [] };
      return;
    }
    current.lines.push(...linesOf(n, labels[i]));
  });
  close();
  return sections;
}

export interface ClauseChange {
  clause: string;
  title: string;
  status: 'added' | 'removed' | 'changed';
  parts: { value: string; added: boolean; removed: boolean }[];
}

/** The clauses that differ from `before` to `after`, in the order of `after` (removed ones where they were). */
export function draftDiff(before: DocJson, after: DocJson): ClauseChange[] {
  const a = sectionsOf(before);
  const b = sectionsOf(after);
  const key = (s: Section) => s.title;
  const changes: ClauseChange[] = [];
  let ia = 0;
  let ib = 0;
  const whole = (s: Section) => [s.title, s.text].filter(Boolean).join('\n');
  for (const part of diffArrays(a.map(key), b.map(key))) {
    for (let k = 0; k < part.value.length; k++) {
      if (part.removed) {
        const s = a[ia++];
        changes.push({ clause: s.clause, title: s.title, status: 'removed', parts: [{ value: whole(s), added: false, removed: true }] });
      } else if (part.added) {
        const s = b[ib++];
        changes.push({ clause: s.clause, title: s.title, status: 'added', parts: [{ value: whole(s), added: true, removed: false }] });
      } else {
        const sa = a[ia++];
        const sb = b[ib++];
        if (sa.text !== sb.text) {
          changes.push({ clause: sb.clause, title: sb.title, status: 'changed', parts: diffChars(sa.text, sb.text).map((p) => ({ value: p.value, added: !!p.added, removed: !!p.removed })) });
        }
      }
    }
  }
  return changes;
}
