import { describe, expect, it } from 'vitest';
import { annexLetter, numberBlocks, numberDoc, type NumberedBlock } from './numbering.ts';
import { draftTemplate } from './template.ts';

const clause = (level: number): NumberedBlock => ({ type: 'heading', level, kind: 'clause' });
const prelim: NumberedBlock = { type: 'heading', level: 1, kind: 'prelim' };
const annex: NumberedBlock = { type: 'heading', level: 1, kind: 'annex' };
const note: NumberedBlock = { type: 'note' };
const example: NumberedBlock = { type: 'example' };
const table: NumberedBlock = { type: 'table' };
const figure: NumberedBlock = { type: 'figure' };
const para: NumberedBlock = { type: 'other' };

describe('clause numbering', () => {
  it('numbers the template as a group standard: 1 范围, 2 规范性引用文件, 3 术语和定义, 3.1 term, …, 附录A, A.1', () => {
    const doc = draftTemplate({ title: '绿色生产规范', scope: '', association: '示范协会', year: 2026 });
    const labels = numberDoc(doc);
    const headings = doc.content!.map((n, i) => [labels[i], n.content?.[0]?.text ?? '']).filter((_, i) => doc.content![i].type === 'heading');
    expect(headings).toEqual([
      ['', '封面'],
      ['', '目次'],
      ['', '前言'],
      ['', '引言'],
      ['1', '范围'],
      ['2', '规范性引用文件'],
      ['3', '术语和定义'],
      ['3.1', '术语'],
      ['4', '技术要求'],
      ['4.1', '一般要求'],
      ['5', '试验方法'],
      ['6', '检验规则'],
      ['附录A', '（规范性）'],
      ['A.1', '（附录条款标题）'],
    ]);
    expect(labels.filter((l) => /^(注|示例|表)/.test(l))).toEqual(['注', '示例', '表1']);
  });

  it('renumbers every later clause when one is inserted before them', () => {
    const before = [clause(1), clause(2), clause(2), clause(1), clause(2)];
    expect(numberBlocks(before)).toEqual(['1', '1.1', '1.2', '2', '2.1']);
    const inserted = [clause(1), clause(2), clause(2), clause(2), clause(1), clause(2)];
    expect(numberBlocks(inserted)).toEqual(['1', '1.1', '1.2', '1.3', '2', '2.1']);
  });

  it('renumbers after a clause is deleted or moved, and restarts sub-clauses under each parent', () => {
    expect(numberBlocks([clause(1), clause(2), clause(3), clause(3), clause(2), clause(1), clause(2)])).toEqual(['1', '1.1', '1.1.1', '1.1.2', '1.2', '2', '2.1']);
    // Delete 1.1 with its sub-clauses: 1.2 becomes 1.1.
    expect(numberBlocks([clause(1), clause(2), clause(1), clause(2)])).toEqual(['1', '1.1', '2', '2.1']);
    // Delete clause 1 altogether: 2 becomes 1, 2.1 becomes 1.1.
    expect(numberBlocks([clause(1), clause(2)])).toEqual(['1', '1.1']);
    // Move clause 2 with its sub-clause in front of clause 1.
    const a = clause(1);
    const b = clause(1);
    expect(numberBlocks([b, clause(2), a, clause(2), clause(2)])).toEqual(['1', '1.1', '2', '2.1', '2.2']);
  });

  it('numbers annexes with letters (skipping I and O) and their clauses and tables after the letter', () => {
    const blocks = [clause(1), table, annex, clause(2), clause(3), table, annex, clause(2), table, table];
    expect(numberBlocks(blocks)).toEqual(['1', '表1', '附录A', 'A.1', 'A.1.1', '表A.1', '附录B', 'B.1', '表B.1', '表B.2']);
    expect([0, 7, 8, 13, 23, 24].map(annexLetter)).toEqual(['A', 'H', 'J', 'P', 'Z', 'AA']);
  });

  it('numbers figures apart from tables: 图1, 图2 in the body, 图A.1 in annex A', () => {
    expect(numberBlocks([clause(1), figure, table, figure, annex, clause(2), figure, table])).toEqual(['1', '图1', '表1', '图2', '附录A', 'A.1', '图A.1', '表A.1']);
  });

  it('labels a lone note 注 and several notes 注1, 注2, counted per clause; preliminary elements stay unnumbered', () => {
    const blocks = [prelim, note, clause(1), para, note, example, clause(2), note, para, note, example, example];
    expect(numberBlocks(blocks)).toEqual(['', '', '1', '', '注', '示例', '1.1', '注1', '', '注2', '示例1', '示例2']);
  });
});
