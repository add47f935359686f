/**
 * Collaborative documents are named "<kind>:<id>". Each kind says on the server who may read and
 * write it (server/modules/collab-kinds.ts); the collab server refuses anything else.
 */
export const collabKinds = ['note', 'standard', 'review-opinion'] as const;
export type CollabKind = (typeof collabKinds)[number];

export function parseDocumentName(name: string): { kind: CollabKind; id: string } | null {
  const m = /^([a-z][a-z-]*):([0-9a-f-]{36})$/.exec(name);
  if (!m || !(collabKinds as readonly string[]).includes(m[1])) return null;
  return { kind: m[1] as CollabKind, id: m[2] };
}

export const documentName = (kind: CollabKind, id: string) => `${kind}:${id}`;

/** The Y.XmlFragment inside each Y.Doc that the editor binds to. */
export const editorFragment = 'default';
