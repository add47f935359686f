// The draft of a standard project through the real collab path: the working-group role decides who
// writes, who only reads, and who cannot open it; role changes take effect on open connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docToText } from '../../../collab/text.ts';
import { openProvider, waitFor, type TestProvider } from '../../../collab/testing.ts';
import { numberDoc } from '#schema/standards/numbering.ts';
import type { Database } from '../../db/database.ts';
import { docInDatabase } from '../../collab/testing.ts';
import { createTestDatabase, loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';
import { draftJson } from './draft.ts';

let database: { db: Database; drop(): Promise<void> };
let server: TestServer;
let tenantId: string;
let project: { id: string; document: string };
const as: Record<string, ApiClient> = {};
const ids: Record<string, string> = {};
const open: TestProvider[] = [];

const collabUrl = () => `${server.url.replace(/^http/, 'ws')}/collab`;
function provider(who: string, name = project.document) {
  const p = openProvider({ url: collabUrl(), name, cookie: as[who].cookie });
  open.push(p);
  return p;
}
/** Appends a paragraph to the draft, as the editor would. */
function paragraph(doc: Y.Doc, s: string) {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(s)]);
  const fragment = doc.getXmlFragment('default');
  fragment.insert(fragment.length, [p]);
}
const stored = async () => docToText(await docInDatabase(database.db, tenantId, project.document));
const setRole = (userId: string, role: string | null) => as.secretariat.post(`/api/v1/standards/projects/${project.id}/members`, { userId, role });

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ LOGIN_MAX_PER_IP: '10000' }, { db: database.db });
  for (const role of ['secretariat', 'expert', 'member', 'council', 'finance']) {
    as[role] = await loginAs(server, `${role}@demo.test`, { tenant: 'demo' });
    const s = (await as[role].get('/api/v1/auth/session')).body;
    ids[role] = s.user.id;
    tenantId = s.tenant.id;
  }
  as.outsider = await loginAs(server, 'admin@demo2.test');
  project = (await as.secretariat.post('/api/v1/standards/projects', { title: '绿色生产规范', scope: '本文件规定了绿色生产的要求。' })).body;
  await setRole(ids.expert, 'author');
  await setRole(ids.member, 'reader');
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await server?.stop();
  await database?.drop();
});

describe('standard drafts', () => {
  it('start from the group-standard template, numbered 1 范围, 2 规范性引用文件, 3 术语和定义', async () => {
    const p = provider('expert');
    await waitFor('synced', p.saved);
    const json = draftJson(p.doc);
    const labels = numberDoc(json);
    const headings = json.content!.flatMap((n, i) => (n.type === 'heading' ? [`${labels[i]} ${n.content?.[0]?.text ?? ''}`.trim()] : []));
    expect(headings.slice(0, 8)).toEqual(['封面', '目次', '前言', '引言', '1 范围', '2 规范性引用文件', '3 术语和定义', '3.1 术语']);
    expect(docToText(p.doc)).toContain('本文件规定了绿色生产的要求。');
    p.destroy();
  });

  it('let two authors co-edit and converge on concurrent edits, and store them', async () => {
    const a = provider('expert');
    const b = provider('secretariat');
    await setRole(ids.secretariat, 'leader');
    await waitFor('both synced', () => a.saved() && b.saved());
    expect([a.scope, b.scope]).toEqual(['read-write', 'read-write']);
    paragraph(a.doc, '专家写的条款');
    paragraph(b.doc, '组长写的条款');
    await waitFor('converged', () => docToText(a.doc).includes('组长写的条款') && docToText(b.doc).includes('专家写的条款'));
    await waitFor('both saved', () => a.saved() && b.saved());
    expect(docToText(a.doc)).toBe(docToText(b.doc));
    expect(await stored()).toBe(docToText(a.doc));
    a.destroy();
    b.destroy();
  });

  it("open read-only for a reader, and the server drops the reader's edits", async () => {
    const reader = provider('member');
    const author = provider('expert');
    await waitFor('reader synced', () => reader.provider.isAuthenticated && reader.provider.synced);
    expect(reader.scope).toBe('readonly');
    await waitFor('author synced', author.saved);
    paragraph(reader.doc, 'READER WAS HERE');
    await waitFor('reader told it is not saved', () => reader.provider.hasUnsyncedChanges);
    paragraph(author.doc, '起草人在阅读人之后写');
    await waitFor('reader sees the author', () => docToText(reader.doc).includes('起草人在阅读人之后写'));
    await waitFor('author saved', author.saved);
    expect(docToText(author.doc)).not.toContain('READER');
    expect(await stored()).not.toContain('READER');
    reader.destroy();
    author.destroy();
  });

  it('are refused to people outside the working group and to another association', async () => {
    const outsider = provider('council');
    expect(await waitFor('refused', () => outsider.failure)).toBe('forbidden');
    const other = provider('outsider');
    expect(await waitFor('refused', () => other.failure)).toBe('not_found');
  });

  it('take write access from an author within a second of the leader making them a reader', async () => {
    const p = provider('expert');
    const watcher = provider('secretariat');
    await waitFor('synced', () => p.saved() && watcher.saved());
    expect(p.scope).toBe('read-write');
    const started = Date.now();
    expect((await setRole(ids.expert, 'reader')).status).toBe(200);
    await waitFor('reconnected read-only', () => p.provider.isAuthenticated && p.scope === 'readonly', 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    paragraph(p.doc, 'AUTHOR AFTER REVOCATION');
    await waitFor('not saved', () => p.provider.hasUnsyncedChanges);
    paragraph(watcher.doc, '组长在撤销之后写');
    await waitFor('former author still reads', () => docToText(p.doc).includes('组长在撤销之后写'));
    await waitFor('watcher saved', watcher.saved);
    expect(await stored()).not.toContain('AUTHOR AFTER');
    // Removed from the group altogether: the document is closed to them.
    expect((await setRole(ids.expert, null)).status).toBe(200);
    expect(await waitFor('refused', () => p.failure, 1_000)).toBe('forbidden');
  });
});
