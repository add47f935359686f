import type { DocJson } from '#schema/standards/numbering.ts';
import { pdfDocument } from '../../exports/pdf.ts';
import { bodyBlocks, headingText, type StandardMeta } from './export.ts';

const textOf = (n: DocJson): string => (n.type === 'text' ? (n.text ?? '') : (n.content ?? []).map(textOf).join(''));

/** The standard as PDF (Noto Sans SC): cover, contents, numbered text, the number in every page's header. */
export function standardPdf(meta: StandardMeta, doc: DocJson): Promise<Buffer> {
  const blocks = bodyBlocks(doc);
  return pdfDocument(
    (pdf) => {
      const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
      pdf.font('bold').fontSize(14).text(meta.code, { align: 'right' });
      pdf.moveDown(6).fontSize(28).text('团 体 标 准', { align: 'center' });
      pdf.moveDown(3).fontSize(18).text(meta.title, { align: 'center' });
      if (meta.status) pdf.moveDown(1).font('regular').fontSize(12).text(`（${meta.status}）`, { align: 'center' });
      pdf.moveDown(10).font('bold').fontSize(14).text(`${meta.association}　发布`, { align: 'center' });

      pdf.addPage();
      pdf.font('bold').fontSize(14).text('目　　次', { align: 'center' }).moveDown(0.8);
      for (const { node, label } of blocks) {
        if (node.type !== 'heading' || Number(node.attrs?.level ?? 1) > 2) continue;
        pdf.font('regular').fontSize(10.5).text(headingText(node, label), { indent: Number(node.attrs?.level ?? 1) === 2 ? 20 : 0 });
      }

      pdf.addPage();
      for (const { node, label } of blocks) {
        if (node.type === 'heading') {
          const level = Number(node.attrs?.level ?? 1);
          const center = node.attrs?.kind === 'prelim' || (node.attrs?.kind === 'annex' && level === 1);
          if (node.attrs?.kind === 'annex' && level === 1) pdf.addPage();
          pdf.moveDown(0.5).font('bold').fontSize(level === 1 ? 12 : 10.5).text(headingText(node, label), { align: center ? 'center' : 'left' }).moveDown(0.3);
        } else if (node.type === 'table') {
          if (label) pdf.font('bold').fontSize(10.5).text(label, { align: 'center' });
          for (const row of node.content ?? []) {
            const cells = row.content ?? [];
            const w = width / Math.max(cells.length, 1);
            const y = pdf.y;
            let h = 0;
            cells.forEach((cell, i) => {
              pdf.font(cell.type === 'tableHeader' ? 'bold' : 'regular').fontSize(9);
              h = Math.max(h, pdf.heightOfString(textOf(cell) || ' ', { width: w - 6 }) + 6);
              pdf.text(textOf(cell), pdf.page.margins.left + i * w + 3, y + 3, { width: w - 6 });
            });
            cells.forEach((_, i) => pdf.rect(pdf.page.margins.left + i * w, y, w, h).strokeColor('#555').lineWidth(0.5).stroke());
            pdf.x = pdf.page.margins.left;
            pdf.y = y + h;
          }
          pdf.moveDown(0.5);
        } else {
          const small = node.attrs?.kind === 'note' || node.attrs?.kind === 'example';
          pdf.font('regular').fontSize(small ? 9 : 10.5).text(`${label ? `${label}：` : ''}${textOf(node)}`, { indent: small ? 0 : 21, paragraphGap: 3 });
        }
      }

      // The standard number in the header of every page after the cover.
      const range = pdf.bufferedPageRange();
      for (let i = range.start + 1; i < range.start + range.count; i++) {
        pdf.switchToPage(i);
        pdf.font('regular').fontSize(9).fillColor('#333').text(meta.code, pdf.page.margins.left, 24, { width, align: 'right', lineBreak: false });
      }
    },
    { title: meta.title },
  );
}
