// Starts the real app (`node server/main.ts`) as a child process on a free port with a fresh
// embedded database, for the e2e tests; stops it and removes its data afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serverNodeFlags } from '../server/node-flags.ts';

export const repoRoot = resolve(import.meta.dirname, '..');

export interface AppProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The last lines the app printed, for failure reports. */
  log(): string;
  /** Waits for an e-mail to `to` (without SMTP_URL the app logs each e-mail) and returns its text. */
  mailTo(to: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export async function startApp(env: Record<string, string> = {}): Promise<AppProcess> {
  if (!existsSync(join(repoRoot, 'client/build/handler.js'))) {
    throw new Error('client/build is missing: run `npm run build` (or `npm run test:e2e`, which builds first)');
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'xh-e2e-'));
  const lines: string[] = [];
  const mails: { to: string; text: string }[] = [];
  const child: ChildProcess = spawn(process.execPath, [...serverNodeFlags, 'server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      SEED_DEMO: 'true',
      // info: without SMTP_URL the app logs each e-mail, which is how the tests read invitation links.
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Chunks do not end at line breaks: each stream keeps its unfinished line for the next chunk.
  const keeper = () => {
    let partial = '';
    return (chunk: Buffer) => {
      const fresh = (partial + chunk.toString()).split('\n');
      partial = fresh.pop() ?? '';
      for (const line of fresh.filter(Boolean)) {
        lines.push(line);
        if (!line.includes('"mail"')) continue;
        try {
          const { mail } = JSON.parse(line) as { mail?: { to: string; text: string } };
          if (mail) mails.push(mail);
        } catch {
          /* not a JSON log line */
        }
      }
      if (lines.length > 400) lines.splice(0, lines.length - 400);
    };
  };
  child.stdout?.on('data', keeper());
  child.stderr?.on('data', keeper());
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));

  const app: AppProcess = {
    url,
    log: () => lines.slice(-60).join('\n'),
    async mailTo(to, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find((m) => m.to === to);
        if (found) {
          mails.splice(mails.indexOf(found), 1);
          return found.text;
        }
        if (Date.now() > deadline) throw new Error(`no e-mail to ${to} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  // Ready when /readyz answers 200 (database open, migrations applied); fail early if the app dies.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await app.stop();
      throw new Error(`the app exited with code ${child.exitCode} before it was ready:\n${app.log()}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await app.stop();
      throw new Error(`the app was not ready within 120 s:\n${app.log()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return app;
}
