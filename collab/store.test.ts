import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fold, storedDoc } from './store.ts';

/** A document typed into by one editor, and the updates it sent, as the log holds them. */
function typed(words: string[], doc = new Y.Doc()) {
  const log: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => log.push(u));
  for (const w of words) doc.getText('t').insert(doc.getText('t').length, w);
  return { doc, log };
}

describe('fold (the snapshot a compaction stores)', () => {
  it('is the live document when it holds the stored state and every logged update', () => {
    const { doc, log } = typed(['团体', '标准', '草案']);
    const stored = Y.encodeStateAsUpdate(storedDoc(null, log.slice(0, 1)));
    expect(storedDoc(fold(doc, stored, log.slice(1)), []).getText('t').toString()).toBe('团体标准草案');
  });

  it('merges in what the live document has not seen: another instance’s edit, and a stored state it lacks', () => {
    const live = typed(['本地']).doc;
    const elsewhere = typed(['远端']);
    const older = typed(['旧快照']).doc;
    const text = storedDoc(fold(live, Y.encodeStateAsUpdate(older), elsewhere.log), []).getText('t').toString();
    expect(text).toHaveLength('本地远端旧快照'.length);
    expect(text).toContain('本地');
    expect(text).toContain('远端');
    expect(text).toContain('旧快照');
  });
});
