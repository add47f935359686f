import { describe, expect, it } from 'vitest';
import type { DocJson } from '#schema/standards/numbering.ts';
import { draftDiff, sectionsOf } from './diff.ts';

const h = (level: number, text: string, kind = 'clause'): DocJson => ({ type: 'heading', attrs: { level, kind }, content: [{ type: 'text', text }] });
const p = (text: string, kind = 'body'): DocJson => ({ type: 'paragraph', attrs: { kind }, content: text ? [{ type: 'text', text }] : [] });
const doc = (...content: DocJson[]): DocJson => ({ type: 'doc', content });

const v1 = doc(h(1, '前言', 'prelim'), p('本文件由协会提出。'), h(1, '范围'), p('本文件规定了绿色生产的要求。'), h(1, '技术要求'), h(2, '一般要求'), p('应符合国家规定。'), p('限值见表1。', 'note'));

describe('draft diff', () => {
  it('cuts a draft into numbered sections', () => {
    expect(sectionsOf(v1).map((s) => [s.clause, s.title, s.text])).toEqual([
      ['', '前言', '本文件由协会提出。'],
      ['1', '范围', '本文件规定了绿色生产的要求。'],
      ['2', '技术要求', ''],
      ['2.1', '一般要求', '应符合国家规定。\n注：限值见表1。'],
    ]);
  });

  it('shows insertions and deletions within a clause, character by character', () => {
    const v2 = doc(h(1, '前言', 'prelim'), p('本文件由协会提出。'), h(1, '范围'), p('本文件规定了绿色生产的基本要求。'), h(1, '技术要求'), h(2, '一般要求'), p('应符合规定。'), p('限值见表1。', 'note'));
    const changes = draftDiff(v1, v2);
    expect(changes.map((c) => [c.clause, c.status])).toEqual([
      ['1', 'changed'],
      ['2.1', 'changed'],
    ]);
    expect(changes[0].parts.filter((x) => x.added).map((x) => x.value)).toEqual(['基本']);
    expect(changes[1].parts.filter((x) => x.removed).map((x) => x.value)).toEqual(['国家']);
  });

  it('reports a new clause as added and not every later clause as changed, even though they are renumbered', () => {
    const v2 = doc(h(1, '前言', 'prelim'), p('本文件由协会提出。'), h(1, '术语和定义'), p('下列术语适用于本文件。'), h(1, '范围'), p('本文件规定了绿色生产的要求。'), h(1, '技术要求'), h(2, '一般要求'), p('应符合国家规定。'), p('限值见表1。', 'note'));
    expect(draftDiff(v1, v2).map((c) => [c.clause, c.title, c.status, c.parts[0].value])).toEqual([['1', '术语和定义', 'added', '术语和定义\n下列术语适用于本文件。']]);
  });

  it('reports a deleted clause as removed, with its old number', () => {
    const v2 = doc(h(1, '前言', 'prelim'), p('本文件由协会提出。'), h(1, '技术要求'), h(2, '一般要求'), p('应符合国家规定。'), p('限值见表1。', 'note'));
    expect(draftDiff(v1, v2).map((c) => [c.clause, c.title, c.status])).toEqual([['1', '范围', 'removed']]);
    expect(draftDiff(v1, v1)).toEqual([]);
  });
});
