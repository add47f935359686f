import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localized, pickPortalLocale } from '#schema/portal/locales.ts';
import { ApiClient, loginAs, startTestServer, type TestServer } from '../../testing/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe('public portal', () => {
  it("shows an association's introduction to anyone, in every language the admin wrote", async () => {
    const admin = await loginAs(server, 'admin@demo.test', { language: 'zh-CN' });
    const refused = await admin.patch('/api/v1/tenant', { about: { en: 'English only' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0]).toMatchObject({ path: 'body.about.zh-CN', message: '请填写中文内容' });
    const saved = await admin.patch('/api/v1/tenant', { about: { 'zh-CN': '本会成立于1985年。', en: 'Founded in 1985.', ja: '1985年設立。' } });
    expect(saved.status).toBe(200);

    const visitor = new ApiClient(server.url);
    const home = await visitor.get('/api/v1/portal/demo');
    expect(home.status).toBe(200);
    expect(home.body).toMatchObject({ slug: 'demo', name: '中国示范行业协会', about: { 'zh-CN': '本会成立于1985年。', ja: '1985年設立。' } });
    expect(home.body.languages).toHaveLength(8);
  });

  it('answers 404 for an unknown association', async () => {
    const res = await new ApiClient(server.url).get('/api/v1/portal/nowhere');
    expect([res.status, res.body.error.code]).toEqual([404, 'tenant_not_found']);
  });

  it('falls back to English, then Chinese, for a language without its own text', () => {
    const text = { 'zh-CN': '简介', en: 'About' };
    expect([localized(text, 'ja'), localized(text, 'en'), localized({ 'zh-CN': '简介' }, 'fr')]).toEqual(['About', 'About', '简介']);
    expect([pickPortalLocale(null, 'ko-KR,ko;q=0.9'), pickPortalLocale(null, 'zh-TW'), pickPortalLocale('de'), pickPortalLocale(null, 'pt-BR')]).toEqual(['ko', 'zh-CN', 'de', 'zh-CN']);
  });
});
