// Figures (图) uploaded into a draft: who may upload and read them, what is accepted, how the
// exports embed them, and when the portal shows them.
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openProvider, waitFor, type TestProvider } from '../../../collab/testing.ts';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';
import { unsafeSvg } from './figures.ts';

let server: TestServer;
let project: { id: string; document: string };
const as: Record<string, ApiClient> = {};
const ids: Record<string, string> = {};
const open: TestProvider[] = [];
const url = (p: string) => `/api/v1/standards/projects/${project.id}${p}`;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

// A 2×1 PNG and a small SVG with a Chinese label.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDAAAAO/gH/gk9MEwAAAABJRU5ErkJggg==', 'base64');
const SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60"><rect width="120" height="60" fill="#1f4e79"/><text x="10" y="35" fill="#fff">工艺流程</text></svg>');
const upload = (who: string, fileName: string, contentType: string, bytes: Buffer) => as[who].post(url('/figures'), { fileName, contentType, data: bytes.toString('base64') });
const raw = async (who: ApiClient | null, path: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: who?.cookie ? { cookie: who.cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy'), body: Buffer.from(await res.arrayBuffer()) };
};

/** Appends a figure to the draft through the collab server, as the editor's image button does. */
async function insertFigure(src: string, caption: string) {
  const p = openProvider({ url: `${server.url.replace(/^http/, 'ws')}/collab`, name: project.document, cookie: as.secretariat.cookie });
  open.push(p);
  await waitFor('synced', p.saved);
  const fig = new Y.XmlElement('figure');
  fig.setAttribute('src', src);
  fig.insert(0, [new Y.XmlText(caption)]);
  const fragment = p.doc.getXmlFragment('default');
  fragment.insert(fragment.length, [fig]);
  await waitFor('saved', p.saved);
}

beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_PER_IP: '10000' });
  for (const role of ['secretariat', 'expert', 'member', 'council', 'finance']) {
    as[role] = await loginAs(server, `${role}@demo.test`, { tenant: 'demo' });
    ids[role] = (await as[role].get('/api/v1/auth/session')).body.user.id;
  }
  as.outsider = await loginAs(server, 'admin@demo2.test');
  project = (await as.secretariat.post('/api/v1/standards/projects', { title: '绿色生产规范' })).body;
  await as.secretariat.post(url('/members'), { userId: ids.expert, role: 'author' });
  await as.secretariat.post(url('/members'), { userId: ids.member, role: 'reader' });
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await server?.stop();
});

describe('figure images', () => {
  it('are uploaded by leaders and authors only, checked by their content, and read by whoever reads the draft', async () => {
    const png = await upload('expert', '工艺流程.png', 'image/png', PNG);
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({ contentType: 'image/png', width: 2, height: 1, size: PNG.length, src: `/api/v1/standard-figures/${png.body.id}` });
    expect((await upload('member', 'r.png', 'image/png', PNG)).status).toBe(403);
    expect((await upload('finance', 'f.png', 'image/png', PNG)).status).toBe(403);
    expect((await as.outsider.post(url('/figures'), { fileName: 'o.png', contentType: 'image/png', data: PNG.toString('base64') })).status).toBe(404);

    // The bytes decide: text called PNG, a PNG called JPEG, scripted SVG and oversized files are refused.
    const fake = await upload('expert', 'x.png', 'image/png', Buffer.from('not an image at all'));
    expect(fake.status).toBe(422);
    expect((await upload('expert', 'x.jpg', 'image/jpeg', PNG)).status).toBe(422);
    const scripted = await upload('expert', 'x.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'));
    expect(scripted.status).toBe(422);
    expect(scripted.body.error.details[0].message).toMatch(/script|脚本/i);
    expect((await upload('expert', 'big.png', 'image/png', Buffer.concat([PNG, Buffer.alloc(720 * 1024)]))).status).toBe(422);

    const read = await raw(as.member, png.body.src);
    expect([read.status, read.type]).toEqual([200, 'image/png']);
    expect(read.body.equals(PNG)).toBe(true);
    expect(read.csp).toContain('sandbox');
    expect((await raw(as.council, png.body.src)).status).toBe(404);
    expect((await raw(as.outsider, png.body.src)).status).toBe(404);
    expect((await raw(null, png.body.src)).status).toBe(401);
    // The upload is in the audit log.
    const audit = (await (await loginAs(server, 'admin@demo.test')).get(`/api/v1/audit?entity=StandardFigure&entityId=${png.body.id}`)).body.items;
    expect(audit[0]).toMatchObject({ action: 'upload', after: { fileName: '工艺流程.png', mime: 'image/png' } });
  });

  it('are embedded in the DOCX and PDF exports, SVG included, and shown on the portal only while a snapshot there uses them', async () => {
    const png = (await upload('expert', '工艺流程.png', 'image/png', PNG)).body;
    const svg = (await upload('secretariat', '布置图.svg', 'image/svg+xml', SVG)).body;
    const unused = (await upload('secretariat', '未使用.png', 'image/png', PNG)).body;
    expect(svg).toMatchObject({ width: 120, height: 60 });
    const images = async () => ((await raw(as.secretariat, url('/export?format=pdf'))).body.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length;
    expect(await images()).toBe(0);
    await insertFigure(png.src, '生产工艺流程');
    await insertFigure(svg.src, '车间布置');

    const docx = unzipSync((await raw(as.secretariat, url('/export?format=docx'))).body);
    const media = Object.keys(docx).filter((k) => k.startsWith('word/media/'));
    expect(media.some((k) => docx[k].length === PNG.length && Buffer.from(docx[k]).equals(PNG))).toBe(true);
    expect(media.some((k) => Buffer.from(docx[k]).equals(SVG))).toBe(true);
    // The SVG comes with a PNG fallback for Word versions without SVG support.
    expect(media.filter((k) => k.endsWith('.png')).length).toBeGreaterThanOrEqual(2);
    const xml = strFromU8(docx['word/document.xml']);
    expect((xml.match(/<pic:pic\b/g) ?? []).length).toBe(2);
    expect(xml).toContain('生产工艺流程');
    expect(xml).not.toContain(png.src);

    // The PNG, the drawn SVG and that drawing's alpha channel (a soft mask is an image object too).
    expect(await images()).toBe(3);

    // Not public while the draft is only a draft.
    const portalSrc = (id: string) => `/api/v1/portal/demo/standards/figures/${id}`;
    expect((await raw(null, portalSrc(png.id))).status).toBe(404);
    await as.council.post(url('/transitions'), { to: 'approved', decision: '立项' });
    await as.secretariat.post(url('/transitions'), { to: 'drafting', decision: '起草' });
    await as.secretariat.post(url('/transitions'), { to: 'public_comment', decision: '征求意见', publicComment: { deadline: today(), allowPublic: true } });
    const draft = (await new ApiClient(server.url).get(`/api/v1/portal/demo/standards/comments/${project.id}`)).body;
    const srcs = JSON.stringify(draft.content).match(/\/api\/v1\/[^"]*figures\/[0-9a-f-]+/g);
    expect(srcs).toEqual([portalSrc(png.id), portalSrc(svg.id)]);
    const shown = await raw(null, portalSrc(svg.id));
    expect([shown.status, shown.type]).toEqual([200, 'image/svg+xml']);
    expect((await raw(null, portalSrc(unused.id))).status).toBe(404);
    expect((await raw(null, `/api/v1/portal/demo2/standards/figures/${png.id}`)).status).toBe(404);
  }, 60_000);

  it('refuse SVG that could run or fetch anything', () => {
    expect(unsafeSvg('<svg><script>x</script></svg>')).toBe(true);
    expect(unsafeSvg('<svg><a href="https://evil.example">x</a></svg>')).toBe(true);
    expect(unsafeSvg('<svg><image xlink:href="http://x/y.png"/></svg>')).toBe(true);
    expect(unsafeSvg('<svg><foreignObject/></svg>')).toBe(true);
    expect(unsafeSvg('<svg><use href="#a"/><image href="data:image/png;base64,AAAA"/></svg>')).toBe(false);
  });
});
