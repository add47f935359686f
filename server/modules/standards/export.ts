// The standard as a document: DOCX with a cover, a table of contents, numbered headings and a
// header carrying the standard number (T/XXX 0001—2026), the same as PDF, and the filing package
// (备案材料) as a ZIP: text, 编制说明, 意见汇总处理表 and the ballot result.
import type { Paragraph, Table } from 'docx';

import { numberDoc, type DocJson } from '#schema/standards/numbering.ts';
import { fitInto, renderables, type FigureImage, type Renderable } from './figure-render.ts';

// docx is loaded on the first export: kept out of an idle server's memory.
type Docx = typeof import('docx');

export interface StandardMeta {
  title: string;
  /** e.g. T/XXX 0001—2026; a placeholder when none is assigned yet. */
  code: string;
  association: string;
  /** 征求意见稿, 送审稿, 报批稿 or empty for the published text. */
  status: string;
}

const textOf = (n: DocJson): string => (n.type === 'text' ? (n.text ?? '') : (n.content ?? []).map(textOf).join(''));

/** The draft's blocks with their numbers, without the cover and contents the export makes itself. */
export function bodyBlocks(doc: DocJson): { node: DocJson; label: string }[] {
  const labels = numberDoc(doc);
  const out: { node: DocJson; label: string }[] = [];
  let skipping = false;
  (doc.content ?? []).forEach((node, i) => {
    if (node.type === 'heading') {
      const prelim = node.attrs?.kind === 'prelim';
      skipping = prelim && /^(封\s*面|目\s*次|Cover|Contents)$/i.test(textOf(node).trim());
    }
    if (!skipping) out.push({ node, label: labels[i] });
  });
  return out;
}

/** Heading text as printed: "4.1　一般要求"; annexes "附录A（规范性）…". */
export function headingText(node: DocJson, label: string): string {
  const title = textOf(node);
  return label ? `${label}　${title}` : title;
}

const FONT = 'SimSun';
const run = (d: Docx, text: string, opts: { bold?: boolean; size?: number; font?: string } = {}) => new d.TextRun({ text, bold: opts.bold, size: opts.size ?? 21, font: opts.font ?? FONT });

/** An uploaded figure as an inline picture, at most the text width (A4: ~600 px) and 700 px high. */
function picture(d: Docx, img: Renderable) {
  const transformation = fitInto(img.width, img.height, 600, 700);
  return img.svg
    ? new d.ImageRun({ type: 'svg', data: img.svg, transformation, fallback: { type: 'png', data: img.data } })
    : new d.ImageRun({ type: img.type, data: img.data, transformation });
}

function docxBlocks(d: Docx, blocks: { node: DocJson; label: string }[], figures: Map<string, Renderable> = new Map()): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const { node, label } of blocks) {
    if (node.type === 'heading') {
      const level = Math.min(Math.max(Number(node.attrs?.level ?? 1), 1), 3);
      const kind = node.attrs?.kind;
      const heading = [d.HeadingLevel.HEADING_1, d.HeadingLevel.HEADING_2, d.HeadingLevel.HEADING_3][level - 1];
      const centered = kind === 'prelim' || (kind === 'annex' && level === 1);
      out.push(new d.Paragraph({ heading, alignment: centered ? d.AlignmentType.CENTER : undefined, pageBreakBefore: kind === 'annex' && level === 1, children: [run(d, headingText(node, label), { bold: true, size: level === 1 ? 24 : 21, font: 'SimHei' })] }));
    } else if (node.type === 'table') {
      if (label) out.push(new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [run(d, label, { bold: true, font: 'SimHei' })] }));
      out.push(
        new d.Table({
          width: { size: 100, type: d.WidthType.PERCENTAGE },
          rows: (node.content ?? []).map(
            (row) => new d.TableRow({ children: (row.content ?? []).map((cell) => new d.TableCell({ children: [new d.Paragraph({ children: [run(d, textOf(cell), { bold: cell.type === 'tableHeader', size: 18 })] })] })) }),
          ),
        }),
      );
    } else if (node.type === 'figure') {
      // An uploaded image is embedded; an image by web address stays there (noted under the caption).
      const src = typeof node.attrs?.src === 'string' ? node.attrs.src : '';
      const img = figures.get(src);
      if (img) out.push(new d.Paragraph({ alignment: d.AlignmentType.CENTER, keepNext: true, children: [picture(d, img)] }));
      else if (src) out.push(new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [run(d, `［${src}］`, { size: 16 })] }));
      out.push(new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [run(d, `${label ? `${label}　` : ''}${textOf(node)}`, { bold: true, font: 'SimHei' })] }));
    } else if (node.type === 'bulletList' || node.type === 'orderedList') {
      (node.content ?? []).forEach((item, i) => out.push(new d.Paragraph({ indent: { left: 420 }, children: [run(d, `${node.type === 'orderedList' ? `${i + 1})` : '——'} ${textOf(item)}`)] })));
    } else {
      const small = node.attrs?.kind === 'note' || node.attrs?.kind === 'example';
      out.push(new d.Paragraph({ indent: small ? { left: 420 } : { firstLine: 420 }, children: [run(d, `${label ? `${label}：` : ''}${textOf(node)}`, { size: small ? 18 : 21 })] }));
    }
  }
  return out;
}

export async function standardDocx(meta: StandardMeta, doc: DocJson, images: Map<string, FigureImage> = new Map()): Promise<Buffer> {
  const d: Docx = await import('docx');
  const figures = await renderables(images);
  const cover = [
    new d.Paragraph({ alignment: d.AlignmentType.RIGHT, children: [run(d, meta.code, { bold: true, size: 28, font: 'SimHei' })] }),
    new d.Paragraph({ spacing: { before: 1600 }, alignment: d.AlignmentType.CENTER, children: [run(d, '团　体　标　准', { bold: true, size: 52, font: 'SimHei' })] }),
    new d.Paragraph({ spacing: { before: 1200 }, alignment: d.AlignmentType.CENTER, children: [run(d, meta.title, { bold: true, size: 36, font: 'SimHei' })] }),
    ...(meta.status ? [new d.Paragraph({ spacing: { before: 400 }, alignment: d.AlignmentType.CENTER, children: [run(d, `（${meta.status}）`, { size: 24 })] })] : []),
    new d.Paragraph({ spacing: { before: 3000 }, alignment: d.AlignmentType.CENTER, children: [run(d, `${meta.association}　发布`, { bold: true, size: 28, font: 'SimHei' })] }),
    new d.Paragraph({ children: [new d.PageBreak()] }),
  ];
  const contents = [
    new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [run(d, '目　　次', { bold: true, size: 28, font: 'SimHei' })] }),
    new d.TableOfContents('目次', { hyperlink: true, headingStyleRange: '1-3' }),
    new d.Paragraph({ children: [new d.PageBreak()] }),
  ];
  const document = new d.Document({
    creator: 'Xiehui',
    title: meta.title,
    features: { updateFields: true },
    sections: [
      {
        headers: { default: new d.Header({ children: [new d.Paragraph({ alignment: d.AlignmentType.RIGHT, children: [run(d, meta.code, { size: 18 })] })] }) },
        footers: { default: new d.Footer({ children: [new d.Paragraph({ alignment: d.AlignmentType.CENTER, children: [new d.TextRun({ children: [d.PageNumber.CURRENT], size: 18 })] })] }) },
        children: [...cover, ...contents, ...docxBlocks(d, bodyBlocks(doc), figures)],
      },
    ],
  });
  return Buffer.from(await d.Packer.toBuffer(document));
}

/** A plain report as DOCX: a title and headed paragraphs (编制说明). */
export async function reportDocx(title: string, sections: { heading: string; lines: string[] }[]): Promise<Buffer> {
  const d: Docx = await import('docx');
  const document = new d.Document({
    creator: 'Xiehui',
    title,
    sections: [
      {
        children: [
          new d.Paragraph({ alignment: d.AlignmentType.CENTER, heading: d.HeadingLevel.TITLE, children: [run(d, title, { bold: true, size: 32, font: 'SimHei' })] }),
          ...sections.flatMap((s) => [new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, children: [run(d, s.heading, { bold: true, size: 24, font: 'SimHei' })] }), ...s.lines.map((l) => new d.Paragraph({ indent: { firstLine: 420 }, children: [run(d, l)] }))]),
        ],
      },
    ],
  });
  return Buffer.from(await d.Packer.toBuffer(document));
}
