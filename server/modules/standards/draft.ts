import * as Y from 'yjs';
import { editorFragment } from '#schema/collab.ts';
import type { DocJson } from '#schema/standards/numbering.ts';

/**
 * Editor JSON into a Y.XmlFragment the way the editor's Yjs binding lays it out (an element per
 * node named by its type, attributes as attributes, text with its marks as formatting), so that a
 * draft can be written on the server before anyone opens it.
 */
function fill(parent: Y.XmlFragment | Y.XmlElement, nodes: DocJson[]) {
  const children = nodes.map((node) => {
    if (node.type === 'text') {
      const t = new Y.XmlText();
      const marks = Object.fromEntries((node.marks ?? []).map((m) => [m.type, m.attrs ?? {}]));
      t.insert(0, node.text ?? '', marks);
      return t;
    }
    const el = new Y.XmlElement(node.type);
    for (const [k, v] of Object.entries(node.attrs ?? {})) if (v !== null && v !== undefined) el.setAttribute(k, v as string);
    return { el, node };
  });
  parent.insert(
    0,
    children.map((c) => (c instanceof Y.XmlText ? c : c.el)),
  );
  for (const c of children) if (!(c instanceof Y.XmlText)) fill(c.el, c.node.content ?? []);
}

/** The Yjs update that writes `doc` into an empty draft. */
export function draftUpdate(doc: DocJson): Uint8Array {
  const ydoc = new Y.Doc();
  fill(ydoc.getXmlFragment(editorFragment), doc.content ?? []);
  return Y.encodeStateAsUpdate(ydoc);
}

/** The editor JSON of a stored draft (the inverse of draftUpdate), for numbering, diffs and exports. */
export function draftJson(ydoc: Y.Doc): DocJson {
  const walk = (n: Y.XmlElement | Y.XmlText | Y.XmlHook): DocJson[] => {
    if (n instanceof Y.XmlText) {
      return (n.toDelta() as { insert?: unknown; attributes?: Record<string, unknown> }[])
        .filter((d) => typeof d.insert === 'string' && d.insert.length)
        .map((d) => ({ type: 'text', text: d.insert as string, ...(d.attributes ? { marks: Object.entries(d.attributes).map(([type, attrs]) => ({ type, attrs: attrs as Record<string, unknown> })) } : {}) }));
    }
    if (n instanceof Y.XmlElement) {
      const attrs = n.getAttributes() as Record<string, unknown>;
      return [{ type: n.nodeName, ...(Object.keys(attrs).length ? { attrs } : {}), content: n.toArray().flatMap(walk) }];
    }
    return [];
  };
  return { type: 'doc', content: ydoc.getXmlFragment(editorFragment).toArray().flatMap(walk) };
}
