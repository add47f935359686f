import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToText } from './text.ts';

const schema = getSchema([StarterKit]);
const text = (t: string, marks?: { type: string }[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) });
const para = (...content: object[]) => ({ type: 'paragraph', content });

describe('docToText', () => {
  it('gives one line per text block of a Tiptap document, without formatting', () => {
    const doc = prosemirrorJSONToYDoc(
      schema,
      {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 1 }, content: [text('1 范围')] },
          para(text('本文件规定了'), text('术语', [{ type: 'bold' }]), text('和定义。')),
          { type: 'paragraph' },
          { type: 'bulletList', content: [{ type: 'listItem', content: [para(text('one'))] }, { type: 'listItem', content: [para(text('two'))] }] },
          { type: 'blockquote', content: [para(text('quoted'), { type: 'hardBreak' }, text('second line'))] },
        ],
      },
      'default',
    );
    expect(docToText(doc)).toBe('1 范围\n本文件规定了术语和定义。\n\none\ntwo\nquoted\nsecond line');
  });

  it('follows live edits made through Yjs', () => {
    const doc = new Y.Doc();
    const p = new Y.XmlElement('paragraph');
    const t = new Y.XmlText();
    p.insert(0, [t]);
    doc.getXmlFragment('default').insert(0, [p]);
    t.insert(0, 'hello world');
    t.format(0, 5, { bold: true });
    t.delete(5, 6);
    expect(docToText(doc)).toBe('hello');
  });

  it('is empty for an empty document', () => {
    expect(docToText(new Y.Doc())).toBe('');
  });
});
