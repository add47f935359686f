import type { Action } from './permissions.ts';

/**
 * Collaborative documents are named "<kind>:<id>". Each kind names the permission to read and
 * to write it; the collab server refuses anything else.
 */
export const collabKinds = {
  note: { read: 'note.read', write: 'note.write' },
} as const satisfies Record<string, { read: Action; write: Action }>;
export type CollabKind = keyof typeof collabKinds;

export function parseDocumentName(name: string): { kind: CollabKind; id: string } | null {
  const m = /^([a-z]+):([0-9a-f-]{36})$/.exec(name);
  if (!m || !(m[1] in collabKinds)) return null;
  return { kind: m[1] as CollabKind, id: m[2] };
}

export const documentName = (kind: CollabKind, id: string) => `${kind}:${id}`;

/** The Y.XmlFragment inside each Y.Doc that the editor binds to. */
export const editorFragment = 'default';
