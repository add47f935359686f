import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '#schema/events.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { parseDay, suggestMapping } from './ledger.ts';
import { withCheckChar } from './seed.ts';

let server: TestServer;
let staff: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  staff = await loginAs(server, 'secretariat@demo.test', { language: 'zh-CN' });
});
afterAll(() => server?.stop());

const headers = ['序号', '单位名称', '统一社会信用代码', '会员等级', '联系人', '联系电话', '地区', '行业', '入会日期', '到期日期'];

async function xlsx(rows: unknown[][], withTitle = true): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('会员台账');
  if (withTitle) sheet.addRow(['某某协会会员名册（2025年）']);
  sheet.addRow(headers);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(name: string, data: Buffer | string, type = 'application/octet-stream') {
  const res = await fetch(`${server.url}/api/v1/member-imports?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { cookie: staff.cookie, 'content-type': type, 'accept-language': 'zh-CN' },
    body: typeof data === 'string' ? data : new Uint8Array(data),
  });
  return { status: res.status, body: await res.json() };
}

const code = (n: number) => withCheckChar(`91330200MA2K${String(n).padStart(5, '0')}`);
const wrongCheck = (c: string) => c.slice(0, 17) + (c[17] === '0' ? '1' : '0');
const existingCode = withCheckChar('91310000MA1FL0001'); // 华东智能制造股份有限公司, a demo member

async function memberNames(q: string) {
  return ((await staff.get(`/api/v1/members?q=${encodeURIComponent(q)}&limit=100`)).body.items as { name: string }[]).map((m) => m.name).sort();
}

describe('importing a member ledger', () => {
  let importId: string;
  const rows = [
    [1, '宁波甬江测试一号有限公司', code(1), '会员单位', '赵一', '13800000001', '宁波', '制造业', new Date(Date.UTC(2024, 2, 1)), '2025/2/28'],
    [2, '宁波甬江测试二号有限公司', code(2), '理事单位', '钱二', '13800000002', '宁波', '新材料', '2024年3月15日', '2026-03-14'],
    [3, '宁波甬江测试三号有限公司', wrongCheck(code(3)), '会员单位', '孙三', '', '宁波', '', '2024-01-01', ''],
    [4, '宁波甬江测试四号有限公司', code(4), '钻石会员', '', '', '', '', '', ''],
    [5, '宁波甬江测试五号有限公司', code(1), '会员单位', '', '', '', '', '', ''],
    [6, '宁波甬江测试六号有限公司', existingCode, '会员单位', '', '', '', '', '', ''],
    [7, '宁波甬江测试七号有限公司', code(7), '会员单位', '', '', '', '', '2024-02-30', ''],
    [8, '宁波甬江测试八号有限公司', code(8), 'Member company', '周八', '', '舟山', '', '', ''],
  ];

  it('reads an XLSX below its title row and suggests the column mapping from the Chinese headers', async () => {
    const res = await upload('会员台账.xlsx', await xlsx(rows));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    importId = res.body.id;
    expect(res.body).toMatchObject({ format: 'xlsx', rows: 8, suggested: true, status: 'uploaded' });
    expect(res.body.headers).toEqual(headers);
    expect(res.body.mapping).toEqual({ name: 1, creditCode: 2, level: 3, contactName: 4, contactPhone: 5, region: 6, industry: 7, joinedOn: 8, expiresOn: 9 });
    expect(res.body.sample[0][8]).toBe('2024-03-01');
  });

  it('flags each bad row with why: check character, unknown level, duplicate in the file, existing member, bad date', async () => {
    const res = await staff.request('PUT', `/api/v1/member-imports/${importId}/mapping`, { mapping: { name: 1, creditCode: 2, level: 3, contactName: 4, contactPhone: 5, region: 6, industry: 7, joinedOn: 8, expiresOn: 9 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'validated', badRows: 5, goodRows: 3 });
    const byRow = Object.fromEntries(res.body.problems.map((p: { row: number; problems: { code: string; message: string }[] }) => [p.row, p.problems]));
    // Sheet rows: title 1, header 2, data from 3.
    expect(byRow[5][0]).toMatchObject({ code: 'creditCodeCheck', message: '统一社会信用代码校验位不正确' });
    expect(byRow[6][0]).toMatchObject({ code: 'levelUnknown', message: '没有名为“钻石会员”的会员等级' });
    expect(byRow[7][0]).toMatchObject({ code: 'duplicateInFile', message: '与第 3 行的统一社会信用代码重复' });
    expect(byRow[8][0]).toMatchObject({ code: 'duplicateMember', message: '已是会员单位：华东智能制造股份有限公司' });
    expect(byRow[9][0]).toMatchObject({ code: 'badDate', message: '入会日期“2024-02-30”不是有效日期' });
  });

  it('imports nothing while any row is bad', async () => {
    const progress: DomainEvents['member.import.progress'][] = [];
    const stop = server.services.events.on('member.import.progress', (e) => void progress.push(e));
    const res = await staff.post(`/api/v1/member-imports/${importId}/commit`, {});
    stop();
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].message).toContain('有 5 行未通过校验，未导入任何数据');
    expect(await memberNames('宁波甬江测试')).toEqual([]);
    expect(progress).toEqual([]);
  });

  it('imports the good rows, with contacts, levels and dates, when the user leaves the bad ones out; progress is reported', async () => {
    const progress: DomainEvents['member.import.progress'][] = [];
    const stop = server.services.events.on('member.import.progress', (e) => void progress.push(e));
    const res = await staff.post(`/api/v1/member-imports/${importId}/commit`, { excludeBadRows: true });
    stop();
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'imported', importedCount: 3, skippedCount: 5 });
    expect(await memberNames('宁波甬江测试')).toEqual(['宁波甬江测试一号有限公司', '宁波甬江测试二号有限公司', '宁波甬江测试八号有限公司'].sort());
    expect(progress.at(-1)).toMatchObject({ importId, done: 3, total: 3, finished: true });

    const list = (await staff.get(`/api/v1/members?q=${encodeURIComponent('宁波甬江测试二号')}`)).body.items[0];
    expect(list).toMatchObject({ creditCode: code(2), level: { name: '理事单位' }, joinedOn: '2024-03-15', expiresOn: '2026-03-14', primaryContact: '钱二', region: '宁波' });
    const first = (await staff.get(`/api/v1/members?q=${encodeURIComponent('宁波甬江测试一号')}`)).body.items[0];
    expect(first).toMatchObject({ joinedOn: '2024-03-01', expiresOn: '2025-02-28' });
    // A level may be named in English too.
    expect((await staff.get(`/api/v1/members?q=${encodeURIComponent('宁波甬江测试八号')}`)).body.items[0].level.name).toBe('会员单位');

    const again = await staff.post(`/api/v1/member-imports/${importId}/commit`, { excludeBadRows: true });
    expect(again.status).toBe(409);
    const recent = (await staff.get('/api/v1/member-imports')).body.items;
    expect(recent.find((r: { id: string }) => r.id === importId)).toMatchObject({ fileName: '会员台账.xlsx', status: 'imported', importedCount: 3, skippedCount: 5 });
  });

  it('reads CSV in UTF-8 with a BOM and in GB18030 (as Excel saves it on Chinese Windows), with English headers too', async () => {
    const utf8 = `\uFEFFCompany name,Credit code,Level,Contact,Phone,Tags\n温州瓯江测试甲有限公司,${code(21)},会员单位,吴甲,13900000021,"测试·瓯江，测试·鞋业"\n`;
    const a = await upload('members.csv', utf8, 'text/csv');
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body.mapping).toEqual({ name: 0, creditCode: 1, level: 2, contactName: 3, contactPhone: 4, tags: 5 });
    expect((await staff.request('PUT', `/api/v1/member-imports/${a.body.id}/mapping`, { mapping: a.body.mapping })).body.badRows).toBe(0);
    expect((await staff.post(`/api/v1/member-imports/${a.body.id}/commit`, {})).body.importedCount).toBe(1);
    const imported = (await staff.get(`/api/v1/members?q=${encodeURIComponent('温州瓯江测试甲')}`)).body.items[0];
    expect(imported.tags.map((t: { name: string }) => t.name).sort()).toEqual(['测试·瓯江', '测试·鞋业']);

    const gbk = Buffer.from(await encodeGb18030(`单位名称,统一社会信用代码,会员等级\n温州瓯江测试乙有限公司,${code(22)},会员单位\n`));
    const b = await upload('members-gbk.csv', gbk, 'text/csv');
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    expect(b.body.sample[0][0]).toBe('温州瓯江测试乙有限公司');
    await staff.request('PUT', `/api/v1/member-imports/${b.body.id}/mapping`, { mapping: b.body.mapping });
    expect((await staff.post(`/api/v1/member-imports/${b.body.id}/commit`, {})).body.importedCount).toBe(1);
  });

  it('takes back its own XLSX export: the mapping is found, and every row is recognised as an existing member', async () => {
    const res = await fetch(`${server.url}/api/v1/members/export?format=xlsx&q=${encodeURIComponent('宁波甬江测试')}`, { headers: { cookie: staff.cookie, 'accept-language': 'zh-CN' } });
    const exported = Buffer.from(await res.arrayBuffer());
    const up = await upload('export.xlsx', exported);
    expect(up.status).toBe(201);
    expect(up.body.rows).toBe(3);
    expect(up.body.mapping).toMatchObject({ name: 0, creditCode: 1, level: 2, industry: 4, region: 5, contactName: 6, joinedOn: 7, expiresOn: 8 });
    const checked = (await staff.request('PUT', `/api/v1/member-imports/${up.body.id}/mapping`, { mapping: up.body.mapping })).body;
    expect(checked.badRows).toBe(3);
    expect(checked.problems.every((p: { problems: { code: string }[] }) => p.problems.some((x) => x.code === 'duplicateMember'))).toBe(true);
  });

  it('writes all rows or none: a row the database refuses late in a large file leaves no member behind', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `绍兴越城批量${i + 1}号有限公司,${withCheckChar(`91330600MA2B${String(i + 1).padStart(5, '0')}`)},会员单位`);
    const up = await upload('large.csv', `单位名称,统一社会信用代码,会员等级\n${rows.join('\n')}\n`, 'text/csv');
    expect(up.body.rows).toBe(1200);
    expect((await staff.request('PUT', `/api/v1/member-imports/${up.body.id}/mapping`, { mapping: up.body.mapping })).body.badRows).toBe(0);
    // The database refuses row 1,150, after the first 1,000 rows were already written in the transaction (chunks of 200).
    await server.services.db.sql.exec(`ALTER TABLE "Member" ADD CONSTRAINT test_refuse_one CHECK (name <> '绍兴越城批量1150号有限公司')`);
    try {
      const res = await staff.post(`/api/v1/member-imports/${up.body.id}/commit`, {});
      expect(res.status).toBe(500);
    } finally {
      await server.services.db.sql.exec('ALTER TABLE "Member" DROP CONSTRAINT test_refuse_one');
    }
    expect((await staff.get(`/api/v1/members?q=${encodeURIComponent('绍兴越城批量')}`)).body.total).toBe(0);
    expect((await staff.get(`/api/v1/member-imports/${up.body.id}`)).body).toMatchObject({ status: 'validated', importedCount: 0, progress: null });
    // Once the obstacle is gone the same import goes through whole.
    expect((await staff.post(`/api/v1/member-imports/${up.body.id}/commit`, {})).body.importedCount).toBe(1200);
    expect((await staff.get(`/api/v1/members?q=${encodeURIComponent('绍兴越城批量')}`)).body.total).toBe(1200);
  });

  it('imports nothing when a member with one of its credit codes was added after the check', async () => {
    const up = await upload('race.csv', `单位名称,统一社会信用代码,会员等级\n嘉兴南湖竞态甲有限公司,${code(31)},会员单位\n嘉兴南湖竞态乙有限公司,${code(32)},会员单位\n`, 'text/csv');
    await staff.request('PUT', `/api/v1/member-imports/${up.body.id}/mapping`, { mapping: up.body.mapping });
    // Someone adds the second company by hand, and the commit's own check is raced by a trigger-free insert of the same code.
    const levelId = (await staff.get('/api/v1/membership-levels')).body.items[0].id;
    const tenantId = (await staff.get('/api/v1/auth/session')).body.tenant.id;
    await server.services.db.sql.exec(`CREATE OR REPLACE FUNCTION test_race() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.name = '嘉兴南湖竞态甲有限公司' THEN INSERT INTO "Member" (id, "tenantId", name, "creditCode", "levelId", "updatedAt") VALUES ('race-${Date.now()}', '${tenantId}', '手工录入的同码单位', '${code(32)}', '${levelId}', now()); END IF;
      RETURN NEW; END $$`);
    await server.services.db.sql.exec(`CREATE TRIGGER test_race BEFORE INSERT ON "Member" FOR EACH ROW EXECUTE FUNCTION test_race()`);
    try {
      const res = await staff.post(`/api/v1/member-imports/${up.body.id}/commit`, {});
      expect(res.status).toBe(409);
      expect(res.body.error.details.reason).toContain('未导入任何数据');
    } finally {
      await server.services.db.sql.exec('DROP TRIGGER test_race ON "Member"; DROP FUNCTION test_race()');
    }
    expect((await staff.get(`/api/v1/members?q=${encodeURIComponent('竞态')}`)).body.total).toBe(0);
  });

  it('refuses files that are not ledgers, too large, or without the required columns mapped', async () => {
    expect((await upload('notes.txt', 'x')).status).toBe(422);
    const broken = await upload('broken.xlsx', Buffer.from('not a zip'));
    expect(broken.status).toBe(422);
    expect(broken.body.error.details[0].message).toContain('无法读取该 XLSX 文件');
    const big = await upload('big.csv', Buffer.alloc(6 * 1024 * 1024, 0x41));
    expect(big.status).toBe(413);
    const ok = await upload('two.csv', `单位名称,备注\n某公司,无\n`);
    const unmapped = await staff.request('PUT', `/api/v1/member-imports/${ok.body.id}/mapping`, { mapping: { name: 0 }, defaultLevelId: undefined });
    expect(unmapped.status).toBe(422);
    expect(unmapped.body.error.details[0].message).toBe('请为“统一社会信用代码”选择对应的列。');
  });
});

describe('ledger cells', () => {
  it('read the dates people type, and nothing that is not a calendar day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true }), (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        for (const typed of [iso, `${y}/${m}/${day}`, `${y}.${m}.${day}`, `${y}年${m}月${day}日`, iso.replaceAll('-', '')]) expect(parseDay(typed)).toBe(iso);
      }),
    );
    expect(parseDay('2023-02-29')).toBeNull();
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseDay('45352')).toBe('2024-03-01'); // an Excel serial number
    expect(parseDay('下个月')).toBeNull();
    expect(parseDay('2024-13-01')).toBeNull();
  });

  it('map English and decorated Chinese headers', () => {
    expect(suggestMapping(['Company Name', 'Unified Social Credit Code', 'Membership level', 'E-mail', 'Joined on'])).toEqual({ name: 0, creditCode: 1, level: 2, contactEmail: 3, joinedOn: 4 });
    expect(suggestMapping(['单位名称（盖章）', '统一社会信用代码*', '所属行业', '备注'])).toEqual({ name: 0, creditCode: 1, industry: 2 });
  });
});

/** GB18030 bytes of a text (Node decodes it but cannot encode it; iconv-lite comes with body-parser). */
async function encodeGb18030(text: string): Promise<Uint8Array> {
  const iconv = (await import('iconv-lite')).default;
  return iconv.encode(text, 'gb18030');
}
