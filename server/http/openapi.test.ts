import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startTestServer, type TestServer } from '../testing/harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe('API description and health endpoints', () => {
  it('serves an OpenAPI 3.1 document generated from the route definitions', async () => {
    const doc = (await new ApiClient(server.url).get('/api/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/LoginInput');
    expect(doc.components.schemas.LoginInput.required).toEqual(expect.arrayContaining(['email', 'password']));
    expect(doc.components.schemas.LoginInput.additionalProperties).toBe(false);
    const note = doc.paths['/api/v1/notes/{id}'].get;
    expect(note['x-access']).toBe('note.read');
    expect(Object.keys(note.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404']));
    expect(note.security).toEqual([{ cookieAuth: [] }, { bearerAuth: [] }]);
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves a browsable page at /api/docs with its assets from the package, not a CDN', async () => {
    const page = await fetch(`${server.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui.css', '/api/docs/init.js']) {
      expect((await fetch(server.url + asset)).status, asset).toBe(200);
    }
  });

  it('answers liveness and readiness', async () => {
    expect((await new ApiClient(server.url).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await new ApiClient(server.url).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: true, migrations: true });
  });
});
