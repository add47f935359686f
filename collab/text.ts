import * as Y from 'yjs';
import { editorFragment } from '#schema/collab.ts';

/**
 * The plain text of an editor document (for search and diffs): one line per text block
 * (paragraph, heading, list item, table cell, ...), in document order. Formatting is dropped;
 * a hard break becomes a line break inside its block.
 */
export function docToText(doc: Y.Doc, field: string = editorFragment): string {
  const lines: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    const children = node.toArray();
    // A block that holds text directly is a text block: its inline content is one line.
    if (children.some((c) => c instanceof Y.XmlText)) {
      lines.push(children.map(inline).join(''));
      return;
    }
    if (children.length === 0 && node instanceof Y.XmlElement) {
      lines.push('');
      return;
    }
    for (const child of children) if (child instanceof Y.XmlElement) walk(child);
  };
  walk(doc.getXmlFragment(field));
  return lines.join('\n');
}

function inline(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    return node
      .toDelta()
      .map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
      .join('');
  }
  if (node instanceof Y.XmlElement) return node.nodeName.toLowerCase() === 'hardbreak' ? '\n' : node.toArray().map(inline).join('');
  return '';
}
