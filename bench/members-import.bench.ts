// Import of a 10,000-row member ledger (XLSX) through the real server: upload, column mapping with
// validation of every row, and the import itself in one transaction. Prints the time of each step
// and the server's peak resident memory while it ran, on the embedded PGlite (what `npm start`
// uses) and on PostgreSQL 15. 127.0.0.1 only.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { creditCodeCheckChar } from '../schema/members/credit-code.ts';
import { emit, freePort, freshPostgresDatabase, info, login, round, rssMb, spawnServer, waitFor200 } from './lib.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const levels = ['会员单位', '理事单位', '副会长单位', '会长单位'];
const regions = ['上海', '苏州', '杭州', '宁波', '成都', '北京', '广州', '深圳'];
const industries = ['制造业', '新材料', '能源', '生物医药', '仪器仪表', '电子信息'];

/** A ledger the way associations keep them: a title row, Chinese headers, dates typed several ways. */
async function ledger(rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('会员台账');
  sheet.addRow(['某某行业协会会员名册']);
  sheet.addRow(['序号', '单位名称', '统一社会信用代码', '会员等级', '联系人', '联系电话', '电子邮箱', '地区', '行业', '入会日期', '到期日期', '标签']);
  for (let i = 1; i <= rows; i++) {
    const first17 = `91330100MA${String(i).padStart(7, '0')}`;
    const year = 2015 + (i % 10);
    sheet.addRow([
      i,
      `${regions[i % regions.length]}导入测试${i}号科技有限公司`,
      first17 + creditCodeCheckChar(first17),
      levels[i % 7 === 0 ? 1 + (i % 3) : 0],
      `联系人${i}`,
      `138${String(i).padStart(8, '0')}`,
      `contact${i}@example.test`,
      regions[i % regions.length],
      industries[i % industries.length],
      i % 3 === 0 ? new Date(Date.UTC(year, i % 12, 1 + (i % 28))) : `${year}/${1 + (i % 12)}/${1 + (i % 28)}`,
      `${year + 12}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      i % 5 === 0 ? '中小企业，融资需求' : '',
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function run(label: string, env: Record<string, string>, file: Buffer) {
  const port = await freePort();
  const server = spawnServer({ PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'true', LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000', ...env });
  try {
    await waitFor200(server, '/readyz');
    const cookie = await login(server.base, 'secretariat@demo.test');
    const idleRss = rssMb(server.pid);
    let peak = idleRss;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssMb(server.pid));
      } catch {
        /* exited */
      }
    }, 50);
    const call = async (method: string, path: string, body: BodyInit, type = 'application/json') => {
      const res = await fetch(server.base + path, { method, headers: { cookie, 'content-type': type }, body });
      const json = await res.json();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
      return json as { id: string; rows: number; mapping: Record<string, number>; badRows: number; importedCount: number };
    };
    const phasePeaks: number[] = [];
    const phase = () => {
      phasePeaks.push(peak);
      return performance.now();
    };
    const t0 = performance.now();
    const uploaded = await call('POST', '/api/v1/member-imports?name=ledger.xlsx', new Uint8Array(file), 'application/octet-stream');
    const t1 = phase();
    const mapped = await call('PUT', `/api/v1/member-imports/${uploaded.id}/mapping`, JSON.stringify({ mapping: uploaded.mapping }));
    const t2 = phase();
    const done = await call('POST', `/api/v1/member-imports/${uploaded.id}/commit`, JSON.stringify({}));
    const t3 = phase();
    clearInterval(sampler);
    // What stays resident once the import is over (PGlite's WebAssembly memory does not shrink back).
    await new Promise((ok) => setTimeout(ok, 5000));
    const afterRss = rssMb(server.pid);
    info(`${label}: peak RSS after upload ${round(phasePeaks[0])} MB, after validation ${round(phasePeaks[1])} MB, after import ${round(phasePeaks[2])} MB`);
    if (uploaded.rows !== ROWS || mapped.badRows !== 0 || done.importedCount !== ROWS) throw new Error(`expected ${ROWS} good rows, got ${uploaded.rows} read, ${mapped.badRows} bad, ${done.importedCount} imported`);
    const note = `${ROWS.toLocaleString('en')} rows (${round(file.length / 1024 / 1024, 2)} MB XLSX, 12 columns, contacts and tags), ${label}, one app instance, 2 shared cores, load average ${loadavg()[0].toFixed(1)}`;
    emit({ name: `members import ${label}: upload and read`, value: round(t1 - t0, 0), unit: 'ms', note });
    emit({ name: `members import ${label}: mapping and validation`, value: round(t2 - t1, 0), unit: 'ms', note });
    emit({ name: `members import ${label}: import (one transaction)`, value: round(t3 - t2, 0), unit: 'ms', note });
    emit({ name: `members import ${label}: total`, value: round(t3 - t0, 0), unit: 'ms', note });
    emit({ name: `members import ${label}: peak RSS`, value: round(peak, 0), unit: 'MB', note: `${note}; ${round(idleRss, 0)} MB before the upload, sampled every 50 ms` });
    emit({ name: `members import ${label}: RSS 5 s after`, value: round(afterRss, 0), unit: 'MB', note: `${note}; ${round(idleRss, 0)} MB before the upload` });
    info(`${label}: ${round((t3 - t0) / 1000)} s, peak ${round(peak)} MB`);
  } finally {
    await server.stop();
  }
}

const file = await ledger(ROWS);
info(`generated a ${ROWS}-row ledger, ${round(file.length / 1024)} KB`);

const only = process.env.BENCH_IMPORT_DB; // pglite | postgres; both when unset
if (only !== 'postgres') {
  const dataDir = mkdtempSync(join(tmpdir(), 'xh-bench-import-'));
  try {
    await run('PGlite', { DATA_DIR: dataDir }, file);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
if (only !== 'pglite') {
  const db = await freshPostgresDatabase('import');
  try {
    await run('PostgreSQL', { DATABASE_URL: db.url }, file);
  } finally {
    await db.drop();
  }
}
