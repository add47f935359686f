import { describe, expect, it } from 'vitest';
import { draftTemplate } from '#schema/standards/template.ts';
import type { DocJson } from '#schema/standards/numbering.ts';
import { standardPdf } from './export-pdf.ts';

/** The text of each page of a PDF (pdf.js, as a reader would extract it). */
async function pagesOf(pdf: Buffer): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    // Items regrouped into lines by their baseline, left to right; pdf.js reads the ideographic space (U+3000) as a plain one.
    const lines = new Map<number, { x: number; s: string }[]>();
    for (const it of content.items) {
      if (!('str' in it)) continue;
      const y = Math.round(it.transform[5]);
      lines.set(y, [...(lines.get(y) ?? []), { x: it.transform[4], s: it.str }]);
    }
    const text = [...lines.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, items]) => items.sort((a, b) => a.x - b.x).map((i) => i.s).join('').replace(/[\s\u3000]+/g, ' ').trim());
    pages.push(text.join('\n'));
  }
  await doc.destroy();
  return pages;
}

const heading = (text: string, level = 1): DocJson => ({ type: 'heading', attrs: { level, kind: 'clause' }, content: [{ type: 'text', text }] });
const para = (text: string): DocJson => ({ type: 'paragraph', attrs: { kind: 'body' }, content: [{ type: 'text', text }] });

describe('the PDF of a standard', () => {
  it('has a table of contents whose page numbers are the pages its headings are on, across several contents pages', async () => {
    const doc = draftTemplate({ title: '绿色生产规范', scope: '本文件规定了绿色生产的要求。', association: '示范协会', year: 2026 });
    // Forty more clauses, each with sub-clauses and enough text to run over many pages.
    const extra: DocJson[] = [];
    for (let i = 0; i < 40; i++) {
      extra.push(heading(`技术要求第${i + 1}部分`));
      for (let j = 0; j < 2; j++) extra.push(heading(`具体要求${i + 1}-${j + 1}`, 2), para('应当符合本条的规定。'.repeat(30)));
    }
    const annex = doc.content!.findIndex((n) => n.type === 'heading' && n.attrs?.kind === 'annex');
    doc.content!.splice(annex, 0, ...extra);

    const pages = await pagesOf(await standardPdf({ title: '绿色生产规范', code: 'T/XHDEMO 0001—2026', association: '示范协会', status: '征求意见稿' }, doc));
    const tocPages = pages.map((p, i) => [p, i] as const).filter(([p]) => /·{3,}\s*\d+/.test(p));
    expect(pages[1]).toMatch(/^目 次$/m);
    expect(tocPages.length).toBeGreaterThanOrEqual(2);
    expect(tocPages.map(([, i]) => i)).toEqual(tocPages.map((_, k) => 1 + k));

    const toc = tocPages.map(([p]) => p).join('\n');
    // Each entry: its title, a line of dots, its page number (three text items).
    const entries = [...toc.matchAll(/^(.+?) ?·{3,} ?(\d+)$/gm)].map((m) => ({ title: m[1].trim(), page: Number(m[2]) }));
    const wanted = ['1 范围', '2 规范性引用文件', '7 技术要求第1部分', '7.1 具体要求1-1', '46 技术要求第40部分', '46.2 具体要求40-2'];
    for (const w of wanted) {
      const entry = entries.find((e) => e.title === w);
      expect(entry, w).toBeTruthy();
      // The page the contents name (1-based, as printed at the foot) carries that heading; the page before it does not.
      expect(pages[entry!.page - 1].split('\n'), `${w} on page ${entry!.page}`).toContain(w);
      expect(pages[entry!.page - 1], pages[entry!.page - 1]).toContain(`${entry!.page} / ${pages.length}`);
    }
    // Page numbers only grow through the contents.
    // Every chapter and clause heading (the template's own 封面 and 目次 headings are replaced, not listed).
    const listed = doc.content!.filter((n) => n.type === 'heading' && Number(n.attrs?.level ?? 1) <= 2).length - 2;
    expect(entries.length).toBe(listed);
    const numbers = entries.map((e) => e.page);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.at(-1)).toBeGreaterThan(tocPages.length + 10);
  }, 60_000);
});
