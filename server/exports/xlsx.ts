export interface Column<Row> {
  header: string;
  /** Characters; Chinese text counts about double. */
  width?: number;
  value(row: Row): string | number | boolean | Date | null | undefined;
}

/**
 * One sheet with a bold, frozen header row and an auto-filter, the way staff expect a ledger to
 * open in Excel or WPS. Dates are written as text in the association's time zone by the caller.
 */
export async function xlsxTable<Row>(opts: { sheet: string; title?: string; columns: Column<Row>[]; rows: Iterable<Row> }): Promise<Buffer> {
  // Loaded on the first export: exceljs would add ~35 MB to every idle server.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'Xiehui';
  book.created = new Date();
  const sheet = book.addWorksheet(opts.sheet.slice(0, 31));
  let first = 1;
  if (opts.title) {
    sheet.addRow([opts.title]).font = { bold: true, size: 14 };
    sheet.mergeCells(1, 1, 1, Math.max(1, opts.columns.length));
    first = 2;
  }
  const header = sheet.addRow(opts.columns.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
  opts.columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width ?? Math.max(10, c.header.length * 2 + 2);
  });
  for (const row of opts.rows) sheet.addRow(opts.columns.map((c) => c.value(row) ?? null));
  sheet.views = [{ state: 'frozen', ySplit: first }];
  sheet.autoFilter = { from: { row: first, column: 1 }, to: { row: first, column: opts.columns.length } };
  return Buffer.from(await book.xlsx.writeBuffer());
}
