import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { startServer, type RunningServer } from '../bootstrap/start.ts';

/**
 * A real server on a free port with the demo data. It uses a fresh PGlite in a temporary directory, or, when
 * TEST_DATABASE_URL is set (npm run test:services), a fresh PostgreSQL database created for it
 * and dropped afterwards. REDIS_URL, when set, is passed through.
 */
export interface TestServer extends RunningServer {
  config: Config;
  stop(): Promise<void>;
}

export async function createTestDatabase(): Promise<{ db: Database; url?: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    // A throw-away directory filled from the build's template opens far faster than initdb in memory.
    const dataDir = mkdtempSync(join(tmpdir(), 'xh-test-db-'));
    const db = await openDatabase({ dataDir });
    return {
      db,
      async drop() {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `xh_test_${randomBytes(6).toString('hex')}`;
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${name}`);
  await adminClient.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolSize: 5 });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** `opts.db`: run on this database (to restart a server on it); the caller closes it, not stop(). */
export async function startTestServer(env: Record<string, string> = {}, opts: { db?: Database } = {}): Promise<TestServer> {
  const { db, drop } = opts.db ? { db: opts.db, drop: async () => {} } : await createTestDatabase();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_DEMO: 'true',
    LOG_LEVEL: 'silent',
    // A key prefix of its own, so that concurrent test servers sharing one Redis stay apart.
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `xhtest:${randomBytes(4).toString('hex')}` } : {}),
    ...env,
  });
  const server = await startServer(config, { db, web: false, jobs: false });
  return {
    ...server,
    url: `http://127.0.0.1:${server.port}`,
    config,
    async stop() {
      await server.close();
      await drop();
      if (config.REDIS_URL) await forgetRedisKeys(config.REDIS_URL, config.REDIS_PREFIX);
    },
  };
}

/** Removes a test server's streams and counters, which would otherwise pile up in the shared Redis. */
async function forgetRedisKeys(url: string, prefix: string) {
  const redis = new Redis(url);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 200 }) as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A minimal HTTP client with a cookie jar, speaking JSON to one test server. */
export class ApiClient {
  cookie = '';
  bearer = '';
  readonly base: string;
  language: string;

  constructor(base: string, language = 'en') {
    this.base = base;
    this.language = language;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        'accept-language': this.language,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      const [name, value] = pair.split('=');
      if (name === 'xh_session') this.cookie = value ? `xh_session=${value}` : '';
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

export const DEMO_PASSWORD = 'demo12345';

/** Logs a demo user in and returns a client carrying their session cookie. */
export async function loginAs(server: { url: string }, email: string, opts: { tenant?: string; language?: string } = {}) {
  const client = new ApiClient(server.url, opts.language);
  const res = await client.post('/api/v1/auth/login', { email, password: DEMO_PASSWORD, ...(opts.tenant ? { tenant: opts.tenant } : {}) });
  if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}
