// Reading an association's existing member ledger (XLSX or CSV) and checking its rows: pure
// functions, so that the import service, its tests and the bench share them.
import { isValidCreditCode } from '#schema/members/credit-code.ts';
import { importFields, type ImportFieldName } from '#schema/members/targeting.ts';

/** One data row: its row number in the sheet and its cells as text. */
export interface LedgerRow {
  n: number;
  cells: string[];
}
export interface Ledger {
  headers: string[];
  rows: LedgerRow[];
}

/** Headers people use for each field, in Chinese and English (compared without spaces or case). */
export const headerAliases: Record<ImportFieldName, string[]> = {
  name: ['单位名称', '企业名称', '会员单位', '会员名称', '公司名称', '单位全称', '名称', 'company', 'companyname', 'name', 'membername'],
  creditCode: ['统一社会信用代码', '社会信用代码', '信用代码', '统一信用代码', 'creditcode', 'unifiedsocialcreditcode', 'uscc'],
  level: ['会员等级', '会员级别', '会员类别', '等级', '级别', 'level', 'membershiplevel'],
  contactName: ['联系人', '联系人姓名', '联络人', 'contact', 'contactname', 'contactperson'],
  contactPhone: ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', 'phone', 'mobile', 'telephone', 'contactphone'],
  contactEmail: ['电子邮箱', '邮箱', '电子邮件', 'email', 'e-mail', 'contactemail'],
  region: ['地区', '所在地区', '所在地', '区域', '省市', 'region', 'area'],
  industry: ['行业', '所属行业', '行业类别', 'industry', 'sector'],
  address: ['地址', '通讯地址', '单位地址', '注册地址', 'address'],
  joinedOn: ['入会日期', '入会时间', '加入日期', 'joinedon', 'joined', 'joindate', 'datejoined'],
  expiresOn: ['到期日期', '会籍到期', '到期时间', '有效期至', '会籍到期日', 'expireson', 'expires', 'expirydate', 'expirationdate'],
  tags: ['标签', '会员标签', 'tags', 'tag'],
};

const norm = (h: string) =>
  h
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s_*:：]/g, '')
    .toLowerCase();

/** Suggests which column fills each field, from the headers: exact names first, then headers containing one. */
export function suggestMapping(headers: string[]): Partial<Record<ImportFieldName, number>> {
  const normalized = headers.map(norm);
  const mapping: Partial<Record<ImportFieldName, number>> = {};
  const used = new Set<number>();
  for (const exact of [true, false]) {
    for (const field of importFields) {
      if (mapping[field] !== undefined) continue;
      const i = normalized.findIndex((h, i) => !used.has(i) && h && headerAliases[field].some((a) => (exact ? h === a : a.length >= 2 && /[^\x00-\x7f]/.test(a) && h.includes(a))));
      if (i >= 0) {
        mapping[field] = i;
        used.add(i);
      }
    }
  }
  return mapping;
}

const day = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A calendar day from what people type in a ledger (2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301) or an Excel serial number; null when it is not one. */
export function parseDay(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^\d{5}(?:\.0+)?$/.exec(s))) {
    // Excel's serial day number (1 = 1900-01-01, with its 1900 leap-year bug: day 0 is 1899-12-30).
    const date = new Date(Date.UTC(1899, 11, 30) + Number.parseInt(s, 10) * 86_400_000);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else return null;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return null;
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCMonth() !== m - 1) return null;
  return day(y, m, d);
}

/** A cell of an exceljs worksheet as the text a person sees (dates as YYYY-MM-DD). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string; hyperlink?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return '';
    return '';
  }
  return String(value).trim();
}

/** Known header names, to find the header row below a title row (as our own exports have). */
const allAliases = new Set(Object.values(headerAliases).flat());
const headerScore = (cells: string[]) => cells.filter((c) => allAliases.has(norm(c))).length;

function toLedger(table: { n: number; cells: string[] }[]): Ledger {
  const nonEmpty = table.filter((r) => r.cells.some((c) => c));
  if (!nonEmpty.length) return { headers: [], rows: [] };
  // The header row: the first of the first ten rows naming at least two known fields, else the first row.
  const candidates = nonEmpty.slice(0, 10);
  const headerAt = Math.max(0, candidates.findIndex((r) => headerScore(r.cells) >= 2));
  const headers = nonEmpty[headerAt].cells;
  const width = Math.max(headers.length, ...nonEmpty.slice(headerAt + 1, headerAt + 50).map((r) => r.cells.length));
  const paddedHeaders = Array.from({ length: width }, (_, i) => headers[i]?.trim() ?? '');
  return { headers: paddedHeaders, rows: nonEmpty.slice(headerAt + 1).map((r) => ({ n: r.n, cells: Array.from({ length: width }, (_, i) => r.cells[i] ?? '') })) };
}

/** The first worksheet of an XLSX workbook. */
export async function readXlsx(data: Buffer): Promise<Ledger> {
  // Loaded on first use: exceljs would add ~35 MB to every idle server.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as never);
  const sheet = book.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const table: { n: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const values = row.values as unknown[]; // 1-based
    table.push({ n, cells: values.slice(1).map(cellText) });
  });
  return toLedger(table);
}

/** A CSV file, in UTF-8 (with or without BOM) or, as Excel on Chinese Windows saves it, GB18030. */
export async function readCsv(data: Buffer): Promise<Ledger> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    text = new TextDecoder('gb18030').decode(data);
  }
  const { parse } = await import('csv-parse/sync');
  const records: string[][] = parse(text.replace(/^\uFEFF/, ''), { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true });
  return toLedger(records.map((cells, i) => ({ n: i + 1, cells })));
}

export type ImportFailure = { field: string; code: string; params?: Record<string, unknown> };

/** A member as it will be created from a good row. */
export interface ImportedMember {
  n: number;
  name: string;
  creditCode: string;
  levelId: string;
  industry: string | null;
  region: string | null;
  address: string | null;
  joinedOn: string | null;
  expiresOn: string | null;
  contact: { name: string; phone: string | null; email: string | null } | null;
  tags: string[];
}

export interface CheckContext {
  levels: { id: string; name: string; nameEn: string | null }[];
  defaultLevelId: string | null;
  /** Credit codes of members already in the association, with their names. */
  existing: Map<string, string>;
}

const emailRe = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks every row: a name, a credit code with the right check character that is neither used by
 * an earlier row of the file nor by an existing member, a known level, real dates, sane lengths.
 */
export function checkRows(rows: LedgerRow[], mapping: Partial<Record<ImportFieldName, number>>, c: CheckContext) {
  const levelBy = new Map<string, string>();
  for (const l of c.levels) {
    levelBy.set(l.name.trim().toLowerCase(), l.id);
    if (l.nameEn) levelBy.set(l.nameEn.trim().toLowerCase(), l.id);
  }
  const seen = new Map<string, number>();
  const good: ImportedMember[] = [];
  const bad: { n: number; name: string; creditCode: string; problems: ImportFailure[] }[] = [];
  for (const row of rows) {
    const get = (f: ImportFieldName) => (mapping[f] === undefined ? '' : (row.cells[mapping[f]!] ?? '').trim());
    const problems: ImportFailure[] = [];
    const name = get('name');
    if (!name) problems.push({ field: 'name', code: 'required' });
    else if (name.length > 200) problems.push({ field: 'name', code: 'tooLong', params: { max: 200 } });
    const code = get('creditCode').replace(/\s+/g, '').toUpperCase();
    if (!code) problems.push({ field: 'creditCode', code: 'required' });
    else if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) problems.push({ field: 'creditCode', code: 'creditCodeFormat' });
    else if (!isValidCreditCode(code)) problems.push({ field: 'creditCode', code: 'creditCodeCheck' });
    else if (seen.has(code)) problems.push({ field: 'creditCode', code: 'duplicateInFile', params: { row: seen.get(code) } });
    else if (c.existing.has(code)) problems.push({ field: 'creditCode', code: 'duplicateMember', params: { name: c.existing.get(code) } });
    if (code && !seen.has(code)) seen.set(code, row.n);
    const levelText = get('level');
    const levelId = levelText ? levelBy.get(levelText.toLowerCase()) : (c.defaultLevelId ?? undefined);
    if (!levelId) problems.push(levelText ? { field: 'level', code: 'levelUnknown', params: { level: levelText } } : { field: 'level', code: 'levelMissing' });
    const dates: Record<'joinedOn' | 'expiresOn', string | null> = { joinedOn: null, expiresOn: null };
    for (const f of ['joinedOn', 'expiresOn'] as const) {
      const text = get(f);
      if (!text) continue;
      dates[f] = parseDay(text);
      if (!dates[f]) problems.push({ field: f, code: 'badDate', params: { value: text } });
    }
    if (dates.joinedOn && dates.expiresOn && dates.expiresOn < dates.joinedOn) problems.push({ field: 'expiresOn', code: 'expiresBeforeJoined' });
    const email = get('contactEmail').toLowerCase();
    if (email && !emailRe.test(email)) problems.push({ field: 'contactEmail', code: 'badEmail', params: { value: email } });
    for (const [f, max] of [['region', 50], ['industry', 50], ['address', 200], ['contactName', 50], ['contactPhone', 30]] as const) {
      if (get(f).length > max) problems.push({ field: f, code: 'tooLong', params: { max } });
    }
    const tags = get('tags')
      .split(/[,，、;；]/)
      .map((t) => t.trim())
      .filter(Boolean);
    if (tags.some((t) => t.length > 30)) problems.push({ field: 'tags', code: 'tooLong', params: { max: 30 } });
    if (problems.length) {
      bad.push({ n: row.n, name, creditCode: code, problems });
      continue;
    }
    const contactName = get('contactName');
    good.push({
      n: row.n,
      name,
      creditCode: code,
      levelId: levelId!,
      industry: get('industry') || null,
      region: get('region') || null,
      address: get('address') || null,
      joinedOn: dates.joinedOn,
      expiresOn: dates.expiresOn,
      contact: contactName ? { name: contactName, phone: get('contactPhone') || null, email: email || null } : null,
      tags: [...new Set(tags)],
    });
  }
  return { good, bad };
}
