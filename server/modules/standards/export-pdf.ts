import type { DocJson } from '#schema/standards/numbering.ts';
import { pdfDocument, type Pdf } from '../../exports/pdf.ts';
import { bodyBlocks, headingText, type StandardMeta } from './export.ts';
import { fitInto, renderables, type FigureImage } from './figure-render.ts';

const textOf = (n: DocJson): string => (n.type === 'text' ? (n.text ?? '') : (n.content ?? []).map(textOf).join(''));

const TOC_SIZE = 10.5;
const TOC_GAP = 4;

/** The text cut to `width` with an ellipsis (contents lines stay one line each, so their count is known in advance). */
function fitLine(pdf: Pdf, text: string, width: number) {
  if (pdf.widthOfString(text) <= width) return text;
  let s = text;
  while (s.length > 1 && pdf.widthOfString(`${s}…`) > width) s = s.slice(0, -1);
  return `${s}…`;
}

/**
 * The standard as PDF (Noto Sans SC): cover, contents with page numbers, numbered text with its
 * figures' images, the number in every page's header and the page number at the foot.
 *
 * The contents are laid out in two passes over one buffered document: their pages are reserved
 * first (one line per entry, so their count is known), the text is set while the page of each
 * heading is noted, then the reserved pages are filled in with those page numbers.
 */
export async function standardPdf(meta: StandardMeta, doc: DocJson, images: Map<string, FigureImage> = new Map()): Promise<Buffer> {
  const blocks = bodyBlocks(doc);
  const figures = await renderables(images);
  return pdfDocument(
    (pdf) => {
      const left = pdf.page.margins.left;
      const width = pdf.page.width - left - pdf.page.margins.right;
      const bottom = () => pdf.page.height - pdf.page.margins.bottom;
      const pageNo = () => {
        const r = pdf.bufferedPageRange();
        return r.start + r.count; // 1-based number of the page being written (the last one)
      };

      pdf.font('bold').fontSize(14).text(meta.code, { align: 'right' });
      pdf.moveDown(6).fontSize(28).text('团 体 标 准', { align: 'center' });
      pdf.moveDown(3).fontSize(18).text(meta.title, { align: 'center' });
      if (meta.status) pdf.moveDown(1).font('regular').fontSize(12).text(`（${meta.status}）`, { align: 'center' });
      pdf.moveDown(10).font('bold').fontSize(14).text(`${meta.association}　发布`, { align: 'center' });

      // Pass 1: reserve the contents pages.
      const entries = blocks.filter(({ node }) => node.type === 'heading' && Number(node.attrs?.level ?? 1) <= 2);
      pdf.addPage();
      const tocFirst = pageNo();
      pdf.font('bold').fontSize(14);
      const titleHeight = pdf.heightOfString('目　　次') + 14;
      pdf.font('regular').fontSize(TOC_SIZE);
      const lineHeight = pdf.currentLineHeight(true) + TOC_GAP;
      const firstPageLines = Math.floor((bottom() - pdf.page.margins.top - titleHeight) / lineHeight);
      const pageLines = Math.floor((bottom() - pdf.page.margins.top) / lineHeight);
      const tocPages = entries.length <= firstPageLines ? 1 : 1 + Math.ceil((entries.length - firstPageLines) / pageLines);
      for (let i = 1; i < tocPages; i++) pdf.addPage();

      // Pass 2: the text, noting where each heading lands.
      const pageOf = new Map<DocJson, number>();
      pdf.addPage();
      for (const { node, label } of blocks) {
        if (node.type === 'heading') {
          const level = Number(node.attrs?.level ?? 1);
          const center = node.attrs?.kind === 'prelim' || (node.attrs?.kind === 'annex' && level === 1);
          if (node.attrs?.kind === 'annex' && level === 1) pdf.addPage();
          pdf.moveDown(0.5).font('bold').fontSize(level === 1 ? 12 : 10.5);
          // A heading never sits alone at the foot of a page.
          if (pdf.y + pdf.currentLineHeight(true) * 3 > bottom()) pdf.addPage();
          pageOf.set(node, pageNo());
          pdf.text(headingText(node, label), left, pdf.y, { width, align: center ? 'center' : 'left' }).moveDown(0.3);
        } else if (node.type === 'table') {
          if (label) pdf.font('bold').fontSize(10.5).text(label, { align: 'center' });
          for (const row of node.content ?? []) {
            const cells = row.content ?? [];
            const w = width / Math.max(cells.length, 1);
            let h = 0;
            cells.forEach((cell) => {
              pdf.font(cell.type === 'tableHeader' ? 'bold' : 'regular').fontSize(9);
              h = Math.max(h, pdf.heightOfString(textOf(cell) || ' ', { width: w - 6 }) + 6);
            });
            if (pdf.y + h > bottom()) pdf.addPage();
            const y = pdf.y;
            cells.forEach((cell, i) => {
              pdf.font(cell.type === 'tableHeader' ? 'bold' : 'regular').fontSize(9);
              pdf.text(textOf(cell), left + i * w + 3, y + 3, { width: w - 6 });
            });
            cells.forEach((_, i) => pdf.rect(left + i * w, y, w, h).strokeColor('#555').lineWidth(0.5).stroke());
            pdf.x = left;
            pdf.y = y + h;
          }
          pdf.moveDown(0.5);
        } else if (node.type === 'figure') {
          const img = figures.get(typeof node.attrs?.src === 'string' ? node.attrs.src : '');
          if (img) {
            // CSS pixels → points (0.75), within the text width and half a page.
            const size = fitInto(img.width * 0.75, img.height * 0.75, width, (bottom() - pdf.page.margins.top) / 2);
            if (pdf.y + size.height + 24 > bottom()) pdf.addPage();
            pdf.moveDown(0.3);
            pdf.image(img.data, left + (width - size.width) / 2, pdf.y, { width: size.width, height: size.height });
            pdf.x = left;
            pdf.y += size.height + 4;
          }
          pdf.font('bold').fontSize(10.5).text(`${label ? `${label}　` : ''}${textOf(node)}`, left, pdf.y, { width, align: 'center' }).moveDown(0.3);
        } else {
          const small = node.attrs?.kind === 'note' || node.attrs?.kind === 'example';
          pdf.font('regular').fontSize(small ? 9 : 10.5).text(`${label ? `${label}：` : ''}${textOf(node)}`, left, pdf.y, { width, indent: small ? 0 : 21, paragraphGap: 3 });
        }
      }

      // Back to the reserved pages: the contents, with dot leaders to each heading's page number.
      const range = pdf.bufferedPageRange();
      pdf.switchToPage(tocFirst - 1);
      pdf.x = left;
      pdf.y = pdf.page.margins.top;
      pdf.font('bold').fontSize(14).fillColor('#000').text('目　　次', left, pdf.y, { width, align: 'center' });
      pdf.y += 14;
      let page = tocFirst - 1;
      let lines = firstPageLines;
      for (const { node, label } of entries) {
        if (lines === 0) {
          page += 1;
          pdf.switchToPage(page);
          pdf.y = pdf.page.margins.top;
          lines = pageLines;
        }
        lines -= 1;
        const indent = Number(node.attrs?.level ?? 1) === 2 ? 21 : 0;
        const number = String(pageOf.get(node) ?? '');
        pdf.font('regular').fontSize(TOC_SIZE);
        const numberWidth = pdf.widthOfString(number);
        const title = fitLine(pdf, headingText(node, label), width - indent - numberWidth - 30);
        const y = pdf.y;
        pdf.text(title, left + indent, y, { lineBreak: false });
        const titleEnd = left + indent + pdf.widthOfString(title) + 4;
        const dots = '·'.repeat(Math.max(0, Math.floor((left + width - numberWidth - 4 - titleEnd) / pdf.widthOfString('·'))));
        pdf.fillColor('#666').text(dots, titleEnd, y, { lineBreak: false });
        pdf.fillColor('#000').text(number, left + width - numberWidth, y, { lineBreak: false });
        pdf.y = y + lineHeight;
      }

      // The standard number in the header of every page after the cover.
      for (let i = range.start + 1; i < range.start + range.count; i++) {
        pdf.switchToPage(i);
        pdf.font('regular').fontSize(9).fillColor('#333').text(meta.code, left, 24, { width, align: 'right', lineBreak: false });
      }
    },
    { title: meta.title },
  );
}
