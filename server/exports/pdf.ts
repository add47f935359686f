import { createRequire } from 'node:module';
import type { Column } from './xlsx.ts';

const require = createRequire(import.meta.url);
// Noto Sans SC from npm: PDFs must show Chinese on any machine; pdfkit embeds only the glyphs used.
const fonts = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};

export type Pdf = PDFKit.PDFDocument;

/** An A4 document with the CJK fonts registered as 'regular' and 'bold'; resolves to its bytes. */
export async function pdfDocument(build: (doc: Pdf) => void | Promise<void>, opts: { landscape?: boolean; title?: string } = {}): Promise<Buffer> {
  // Loaded on the first export: pdfkit and its font engine would add ~30 MB to every idle server.
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: opts.landscape ? 'landscape' : 'portrait', margin: 48, info: { Title: opts.title ?? '', Creator: 'Xiehui' }, bufferPages: true });
    doc.registerFont('regular', fonts.regular);
    doc.registerFont('bold', fonts.bold);
    doc.font('regular');
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    Promise.resolve(build(doc)).then(() => {
      // Page numbers once the page count is known.
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        // Below the bottom margin pdfkit would start a new page for the footer: lift the margin while writing it.
        const margin = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc.font('regular').fontSize(8).fillColor('#888').text(`${i + 1} / ${range.count}`, doc.page.margins.left, doc.page.height - 32, {
          width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
          align: 'center',
          lineBreak: false,
        });
        doc.page.margins.bottom = margin;
      }
      doc.end();
    }, reject);
  });
}

/** A titled table that breaks across pages and repeats its header. */
export function pdfTable<Row>(opts: { title: string; subtitle?: string; columns: Column<Row>[]; rows: Iterable<Row>; landscape?: boolean }): Promise<Buffer> {
  return pdfDocument(
    (doc) => {
      const left = doc.page.margins.left;
      const usable = doc.page.width - left - doc.page.margins.right;
      const total = opts.columns.reduce((s, c) => s + (c.width ?? 12), 0);
      const widths = opts.columns.map((c) => ((c.width ?? 12) / total) * usable);
      doc.font('bold').fontSize(16).fillColor('#111').text(opts.title);
      if (opts.subtitle) doc.font('regular').fontSize(9).fillColor('#555').text(opts.subtitle);
      doc.moveDown(0.6);
      const cell = (texts: string[], font: 'regular' | 'bold', shade?: string) => {
        doc.font(font).fontSize(8.5);
        const heights = texts.map((t, i) => doc.heightOfString(t, { width: widths[i] - 6 }));
        const h = Math.max(...heights, 10) + 6;
        if (doc.y + h > doc.page.height - doc.page.margins.bottom - 20) {
          doc.addPage();
          if (font === 'regular') header();
        }
        const y = doc.y;
        if (shade) doc.rect(left, y, usable, h).fill(shade);
        let x = left;
        texts.forEach((t, i) => {
          doc.fillColor('#111').font(font).fontSize(8.5).text(t, x + 3, y + 3, { width: widths[i] - 6 });
          x += widths[i];
        });
        doc.moveTo(left, y + h).lineTo(left + usable, y + h).strokeColor('#ddd').lineWidth(0.5).stroke();
        doc.x = left;
        doc.y = y + h;
      };
      const header = () => cell(opts.columns.map((c) => c.header), 'bold', '#e8eef5');
      header();
      for (const row of opts.rows) cell(opts.columns.map((c) => text(c.value(row))), 'regular');
    },
    { landscape: opts.landscape, title: opts.title },
  );
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
