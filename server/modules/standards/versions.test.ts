import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openProvider, waitFor, type TestProvider } from '../../../collab/testing.ts';
import { loginAs, startTestServer, type ApiClient, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
let project: { id: string; document: string };
const as: Record<string, ApiClient> = {};
const open: TestProvider[] = [];
const url = (p: string) => `/api/v1/standards/projects/${project.id}${p}`;

/** The Y.XmlText of the first paragraph after the heading `title`. */
function paragraphAfter(doc: Y.Doc, title: string): Y.XmlText {
  const blocks = doc.getXmlFragment('default').toArray() as Y.XmlElement[];
  const i = blocks.findIndex((b) => b.nodeName === 'heading' && b.toString().includes(`>${title}<`));
  return blocks[i + 1].get(0) as Y.XmlText;
}

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_PER_IP: '10000' });
  for (const role of ['secretariat', 'member', 'finance']) as[role] = await loginAs(server, `${role}@demo.test`, { tenant: 'demo', language: 'zh-CN' });
  project = (await as.secretariat.post('/api/v1/standards/projects', { title: '版本测试标准', scope: '本文件规定了绿色生产的要求。' })).body;
  const memberId = (await as.member.get('/api/v1/auth/session')).body.user.id;
  await as.secretariat.post(url('/members'), { userId: memberId, role: 'reader' });
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await server?.stop();
});

describe('named versions', () => {
  let v1: string;

  it('are saved by leaders and authors only, and listed newest first', async () => {
    expect((await as.member.post(url('/versions'), { name: '阅读人不能保存' })).status).toBe(403);
    const res = await as.secretariat.post(url('/versions'), { name: '工作组讨论稿' });
    expect(res.status).toBe(201);
    v1 = res.body.id;
    const list = (await as.member.get(url('/versions'))).body;
    expect(list).toMatchObject({ canSave: false, items: [{ id: v1, name: '工作组讨论稿', createdByName: '李敏（会员服务部）' }] });
  });

  it('diff against the draft per clause: the words inserted and deleted since', async () => {
    const p = openProvider({ url: `${server.url.replace(/^http/, 'ws')}/collab`, name: project.document, cookie: as.secretariat.cookie });
    open.push(p);
    await waitFor('synced', p.saved);
    const scope = paragraphAfter(p.doc, '范围');
    scope.insert(6, '制造业');
    scope.delete(scope.length - 3, 2);
    await waitFor('saved', p.saved);
    expect(scope.toString()).toBe('本文件规定了制造业绿色生产的。');
    const diff = (await as.member.get(url(`/diff?from=${v1}`))).body;
    expect(diff.changes.map((c: { clause: string; title: string; status: string }) => [c.clause, c.title, c.status])).toEqual([['1', '范围', 'changed']]);
    const parts = diff.changes[0].parts;
    expect(parts.filter((x: { added: boolean }) => x.added).map((x: { value: string }) => x.value)).toEqual(['制造业']);
    expect(parts.filter((x: { removed: boolean }) => x.removed).map((x: { value: string }) => x.value)).toEqual(['要求']);
  });

  it('give their content to restore, and a restore is a new edit: the draft equals the version and older versions stay', async () => {
    await as.secretariat.post(url('/versions'), { name: '修改后' });
    const v = (await as.secretariat.get(`/api/v1/standards/versions/${v1}`)).body;
    expect(v.name).toBe('工作组讨论稿');
    // What the editor does on restore: replace the document's content with the version's, as one edit.
    const p = open[0];
    const scope = paragraphAfter(p.doc, '范围');
    const old = v.content.content.find((n: { type: string; content?: { text?: string }[] }) => n.content?.[0]?.text === '本文件规定了绿色生产的要求。').content[0].text;
    p.doc.transact(() => {
      scope.delete(0, scope.length);
      scope.insert(0, old);
    });
    await waitFor('saved', p.saved);
    expect((await as.member.get(url(`/diff?from=${v1}`))).body.changes).toEqual([]);
    const list = (await as.member.get(url('/versions'))).body.items.map((x: { name: string }) => x.name);
    expect(list).toEqual(['修改后', '工作组讨论稿']);
    const between = (await as.member.get(url(`/diff?from=${v1}&to=${(await as.member.get(url('/versions'))).body.items[0].id}`))).body.changes;
    expect(between.map((c: { clause: string }) => c.clause)).toEqual(['1']);
  });

  it('are closed to people outside the working group', async () => {
    expect((await as.finance.get(url('/versions'))).status).toBe(403);
    const council = await loginAs(server, 'council@demo.test', { tenant: 'demo' });
    expect((await council.get(`/api/v1/standards/versions/${v1}`)).status).toBe(403);
    expect((await council.get(url(`/diff?from=${v1}`))).status).toBe(403);
  });
});
