// The skeleton of a new group-standard draft: the usual structure of a Chinese group standard
// (GB/T 1.1—2020), as editor JSON. Clause numbers are not in the text: numbering.ts computes them.
import type { DocJson } from './numbering.ts';

const text = (s: string): DocJson[] => (s ? [{ type: 'text', text: s }] : []);
const p = (s: string, kind: 'body' | 'note' | 'example' = 'body'): DocJson => ({ type: 'paragraph', attrs: { kind }, content: text(s) });
const h = (level: number, kind: 'prelim' | 'clause' | 'term' | 'annex', s: string): DocJson => ({ type: 'heading', attrs: { level, kind }, content: text(s) });
const cell = (s: string, header = false): DocJson => ({ type: header ? 'tableHeader' : 'tableCell', content: [p(s)] });
const row = (cells: string[], header = false): DocJson => ({ type: 'tableRow', content: cells.map((c) => cell(c, header)) });

export interface TemplateInput {
  title: string;
  scope: string;
  association: string;
  year: number;
}

export function draftTemplate({ title, scope, association, year }: TemplateInput): DocJson {
  return {
    type: 'doc',
    content: [
      h(1, 'prelim', '封面'),
      p('团体标准'),
      p(`T/XXX XXXX—${year}`),
      p(title),
      p(`${year}-XX-XX 发布　　${year}-XX-XX 实施`),
      p(`${association}　发布`),
      h(1, 'prelim', '目次'),
      p('（目次按章、条标题自动生成。）'),
      h(1, 'prelim', '前言'),
      p('本文件按照GB/T 1.1—2020《标准化工作导则　第1部分：标准化文件的结构和起草规则》的规定起草。'),
      p('请注意本文件的某些内容可能涉及专利。本文件的发布机构不承担识别专利的责任。'),
      p(`本文件由${association}提出并归口。`),
      p('本文件起草单位：'),
      p('本文件主要起草人：'),
      h(1, 'prelim', '引言'),
      p('（说明编制本文件的原因和目的。）'),
      h(1, 'clause', '范围'),
      p(scope || '本文件规定了……。本文件适用于……。'),
      h(1, 'clause', '规范性引用文件'),
      p('下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。'),
      p('GB/T 1.1—2020　标准化工作导则　第1部分：标准化文件的结构和起草规则'),
      h(1, 'clause', '术语和定义'),
      p('下列术语和定义适用于本文件。'),
      h(2, 'term', '术语'),
      p('（术语的定义。）'),
      h(1, 'clause', '技术要求'),
      h(2, 'clause', '一般要求'),
      p('（技术要求的条款。）'),
      p('（需要时给出注。）', 'note'),
      h(1, 'clause', '试验方法'),
      p('（与技术要求对应的试验方法。）'),
      p('（需要时给出示例。）', 'example'),
      h(1, 'clause', '检验规则'),
      p('（检验分类、组批、抽样、判定规则。）'),
      { type: 'table', content: [row(['检验项目', '技术要求', '试验方法'], true), row(['', '', ''])] },
      h(1, 'annex', '（规范性）'),
      h(2, 'clause', '（附录条款标题）'),
      p('（附录内容。）'),
    ],
  };
}
