import ExcelJS from 'exceljs';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuesCollectionData } from '#schema/finance/api.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { pdfText } from './pdf-text.ts';

let server: TestServer;
let finance: ApiClient;
let council: ApiClient;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  finance = await loginAs(server, 'finance@demo.test', { language: 'zh-CN' });
  council = await loginAs(server, 'council@demo.test', { language: 'zh-CN' });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

async function download(client: ApiClient, path: string) {
  const res = await fetch(server.url + path, { headers: { cookie: client.cookie, 'accept-language': client.language } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

const pay = (id: string, amountFen: number, paidOn: string) => finance.post(`/api/v1/finance/invoices/${id}/payments`, { amountFen, method: 'bank_transfer', reference: `T-${paidOn}`, paidOn });

describe('statements', () => {
  // A year of known figures: 2030, which the demo data does not touch.
  let duesA: { id: string; amountFen: number };
  let duesB: { id: string; amountFen: number };
  let duesInvoiced = 0;

  beforeAll(async () => {
    await finance.post('/api/v1/finance/dues-runs', { period: '2030', dueOn: '2030-03-31' });
    const dues = (await finance.get('/api/v1/finance/invoices?period=2030')).body.items as { id: string; amountFen: number; memberId: string }[];
    duesInvoiced = dues.reduce((s, i) => s + i.amountFen, 0);
    [duesA, duesB] = dues;
    await pay(duesA.id, duesA.amountFen, '2030-02-10');
    await pay(duesB.id, duesB.amountFen / 2, '2030-05-01');
    const training = ((await finance.get('/api/v1/finance/fee-items')).body.items as { id: string; key: string }[]).find((f) => f.key === 'training')!;
    const course = (await finance.post('/api/v1/finance/invoices', { memberId: dues[0].memberId, feeItemId: training.id, quantity: 2, dueOn: '2030-09-01' })).body;
    expect(course.amountFen).toBe(160_000);
    await pay(course.id, 160_000, '2030-08-20');
    const spend = async (amountFen: number, spentOn: string, decision: 'approve' | 'reject' | null) => {
      const e = (await finance.post('/api/v1/finance/expenses', { title: '办公', category: 'office', amountFen, purpose: '办公用品', spentOn })).body;
      if (decision) await finance.post(`/api/v1/finance/expenses/${e.id}/decision`, { decision });
    };
    await spend(100_000, '2030-04-15', 'approve');
    await spend(20_000, '2030-11-30', 'approve');
    await spend(50_000, '2030-04-16', null); // pending: not spent yet
    await spend(70_000, '2030-04-17', 'reject');
  });

  it('add up income by fee item and approved expense by category per quarter, with the dues collection rate', async () => {
    const s = (await finance.get('/api/v1/finance/statements?year=2030&by=quarter')).body;
    expect(s.periods.map((p: { period: string }) => p.period)).toEqual(['2030-Q1', '2030-Q2', '2030-Q3', '2030-Q4']);
    const [q1, q2, q3, q4] = s.periods;
    expect(q1.income).toEqual([{ category: 'dues', label: '会费收入', amountFen: duesA.amountFen }]);
    expect(q2.income).toEqual([{ category: 'dues', label: '会费收入', amountFen: duesB.amountFen / 2 }]);
    expect(q3.income).toEqual([{ category: expect.stringMatching(/^fee:/), label: '继续教育培训费', amountFen: 160_000 }]);
    expect(q2.expense).toEqual([{ category: 'office', label: '办公费', amountFen: 100_000 }]);
    expect(q4.expense).toEqual([{ category: 'office', label: '办公费', amountFen: 20_000 }]);
    expect(q2.balanceFen).toBe(duesB.amountFen / 2 - 100_000);
    // Dues are all due in Q1: the rate of Q1 is what has been paid of them.
    expect(q1).toMatchObject({ duesInvoicedFen: duesInvoiced, duesPaidFen: duesA.amountFen + duesB.amountFen / 2 });
    expect(q1.collectionRate).toBeCloseTo((duesA.amountFen + duesB.amountFen / 2) / duesInvoiced, 4);
    expect(q2.collectionRate).toBeNull();
    expect(s.total).toMatchObject({ incomeFen: duesA.amountFen + duesB.amountFen / 2 + 160_000, expenseFen: 120_000, duesInvoicedFen: duesInvoiced });

    const months = (await finance.get('/api/v1/finance/statements?year=2030&by=month')).body;
    expect(months.periods).toHaveLength(12);
    expect(months.periods[1].incomeFen).toBe(duesA.amountFen);
    expect(months.periods[7].incomeFen).toBe(160_000);
    expect(months.total.incomeFen).toBe(s.total.incomeFen);
  });

  it('export to XLSX with one column per period and read back the same figures', async () => {
    const file = await download(finance, '/api/v1/finance/statements/export?year=2030&by=quarter&format=xlsx');
    expect(file.status).toBe(200);
    expect(decodeURIComponent(file.disposition.split("UTF-8''")[1])).toMatch(/^收支报表-2030-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0][0]).toBe('中国示范行业协会 · 2030 年度收支报表');
    expect(rows[1]).toEqual(['类别', '2030-Q1', '2030-Q2', '2030-Q3', '2030-Q4', '合计']);
    const row = (label: string) => rows.find((r) => String(r[0]).trim() === label)!;
    expect(row('会费收入')).toEqual(['  会费收入', duesA.amountFen / 100, duesB.amountFen / 200, 0, 0, (duesA.amountFen + duesB.amountFen / 2) / 100]);
    expect(row('继续教育培训费').slice(1)).toEqual([0, 0, 1600, 0, 1600]);
    expect(row('办公费').slice(1)).toEqual([0, 1000, 0, 200, 1200]);
    expect(row('支出合计').at(-1)).toBe(1200);
    expect(row('应收会费')[1]).toBe(duesInvoiced / 100);
    expect(row('会费收缴率')[1]).toBeCloseTo((duesA.amountFen + duesB.amountFen / 2) / duesInvoiced, 4);
    expect(row('会费收缴率')[2]).toBe('—');
  });

  it('export to PDF: one landscape page with the Chinese labels and the same figures', async () => {
    const file = await download(finance, '/api/v1/finance/statements/export?year=2030&by=quarter&format=pdf');
    expect(file.type).toBe('application/pdf');
    const { pages, lines } = pdfText(file.body);
    expect(pages).toBe(1);
    expect(lines[0]).toBe('中国示范行业协会 · 2030 年度收支报表');
    const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    for (const text of ['会费收入', '继续教育培训费', '办公费', '会费收缴率', '2030-Q3', yuan(duesA.amountFen), yuan(duesInvoiced), '1,600.00', '1,200.00', `${(((duesA.amountFen + duesB.amountFen / 2) / duesInvoiced) * 100).toFixed(1)}%`]) {
      expect(lines.map((l) => l.trim()), text).toContain(text);
    }
    // By month: fourteen columns still on one page, the year's totals not broken across lines.
    const monthly = pdfText((await download(finance, '/api/v1/finance/statements/export?year=2030&by=month&format=pdf')).body);
    expect(monthly.pages).toBe(1);
    expect(monthly.lines).toContain('2030-12');
    expect(monthly.lines).toContain(yuan(duesA.amountFen + duesB.amountFen / 2 + 160_000));
  });
});

describe('invoice ledger', () => {
  it('exports the filtered invoice list to XLSX with amounts in yuan', async () => {
    const list = (await finance.get('/api/v1/finance/invoices?period=2030')).body.items as { number: string; memberName: string; amountFen: number; status: string }[];
    const file = await download(finance, '/api/v1/finance/invoices/export?period=2030&format=xlsx');
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[1]).toEqual(['账单号', '会员单位', '收费内容', '应收（元）', '已收（元）', '未收（元）', '缴费截止', '结清日期', '状态']);
    expect(rows.slice(2).map((r) => [r[0], r[1], r[3]])).toEqual(list.map((i) => [i.number, i.memberName, i.amountFen / 100]));
    expect(rows.slice(2).find((r) => r[0] === list.find((i) => i.status === 'paid')!.number)![8]).toBe('已缴');
  });
});

describe('dashboard widget: dues collection this year', () => {
  const widget = async () => ((await council.get('/api/v1/dashboard')).body.widgets as { key: string; data: DuesCollectionData }[]).find((w) => w.key === 'duesCollection')!.data;

  it('shows what the invoices say, by month, and updates live when dues are paid', async () => {
    const year = new Date().getFullYear();
    const data = await widget();
    // Seconds around New Year's Eve in Shanghai aside, the widget's year is this year.
    expect([year, year + 1]).toContain(data.year);
    const dues = ((await finance.get('/api/v1/finance/invoices?kind=dues')).body.items as { dueOn: string; amountFen: number; paidFen: number; status: string; id: string }[]).filter(
      (i) => i.dueOn.startsWith(String(data.year)) && i.status !== 'void',
    );
    expect(dues.length).toBeGreaterThan(2);
    const invoiced = dues.reduce((s, i) => s + i.amountFen, 0);
    const paid = dues.reduce((s, i) => s + i.paidFen, 0);
    const open = dues.filter((i) => i.status === 'unpaid' || i.status === 'partially_paid');
    expect(data).toMatchObject({ invoicedFen: invoiced, paidFen: paid, unpaidInvoices: open.length });
    expect(data.rate).toBeCloseTo(paid / invoiced, 4);
    expect(data.months).toHaveLength(12);
    expect(data.months.reduce((s, m) => s + m.paidFen, 0)).toBe(paid);
    expect(data.months.reduce((s, m) => s + m.invoicedFen, 0)).toBe(invoiced);
    // The cumulative rate runs up to this month, and this month's is the year's rate so far.
    const rated = data.months.filter((m) => m.cumulativeRate !== null);
    expect(rated.at(-1)!.cumulativeRate).toBeCloseTo(paid / invoiced, 4);
    expect(data.months.slice(rated.length).every((m) => m.paidFen === 0)).toBe(true);

    // Not for finance's own eyes on the dashboard (it has no dashboard), but live for the council.
    const socket = connect(server.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: council.cookie } });
    sockets.push(socket);
    await new Promise<void>((ok) => socket.once('connect', () => ok()));
    const target = open[0];
    const pushed = new Promise<DuesCollectionData>((ok) =>
      socket.on('dashboard:widget', (w: { key: string; data: DuesCollectionData }) => {
        if (w.key === 'duesCollection' && w.data.unpaidInvoices === open.length - 1) ok(w.data);
      }),
    );
    const today = (await finance.get('/api/v1/finance/invoices/' + target.id)).body.issuedOn;
    expect((await pay(target.id, target.amountFen - target.paidFen, today)).body.status).toBe('paid');
    const after = await pushed;
    expect(after.paidFen).toBe(paid + target.amountFen - target.paidFen);
  });
});
