// npm run test:services: the unit + integration suite again, against the real PostgreSQL and Redis
// of this machine, plus the *.services.test.ts files that only make sense with them.
// TEST_DATABASE_URL (an admin URL: the harness creates and drops one database per test server)
// and REDIS_URL default to the local services; set them to point elsewhere.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';

const env = { ...process.env };
env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/postgres';
env.REDIS_URL ||= 'redis://127.0.0.1:6379';

/** Resolves when a TCP connection to host:port opens, rejects with a readable reason otherwise. */
function reachable(host: string, port: number, timeoutMs = 3000): Promise<void> {
  return new Promise((ok, fail) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      ok();
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
  });
}

/** Asks Redis for PONG, so that a port taken by something else is not mistaken for Redis. */
function redisPing(host: string, port: number, timeoutMs = 3000): Promise<void> {
  return new Promise((ok, fail) => {
    const socket = connect({ host, port });
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error(`no PONG within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (!reply.includes('\r\n')) return;
      clearTimeout(timer);
      socket.end();
      if (reply.startsWith('+PONG')) ok();
      else fail(new Error(`unexpected reply ${JSON.stringify(reply.trim())}`));
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
  });
}

const pgUrl = new URL(env.TEST_DATABASE_URL);
const redisUrl = new URL(env.REDIS_URL);
const checks: [string, string, Promise<void>][] = [
  [
    'PostgreSQL',
    `${pgUrl.hostname}:${pgUrl.port || 5432}`,
    reachable(pgUrl.hostname, Number(pgUrl.port || 5432)),
  ],
  [
    'Redis',
    `${redisUrl.hostname}:${redisUrl.port || 6379}`,
    redisUrl.password || redisUrl.protocol === 'rediss:'
      ? reachable(redisUrl.hostname, Number(redisUrl.port || 6379))
      : redisPing(redisUrl.hostname, Number(redisUrl.port || 6379)),
  ],
];
const problems: string[] = [];
for (const [name, where, check] of checks) {
  try {
    await check;
  } catch (err) {
    problems.push(`  ${name} at ${where}: ${(err as Error).message}`);
  }
}
if (problems.length) {
  console.error(
    `test:services needs PostgreSQL and Redis, and cannot reach:\n${problems.join('\n')}\n\n` +
      'Start them (see ../shared/notes/environment.md), e.g.\n' +
      '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n' +
      '  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no\n' +
      'or point TEST_DATABASE_URL / REDIS_URL at running ones. .ci/run starts them itself.',
  );
  process.exit(2);
}

const safeUrl = (u: URL) => {
  const copy = new URL(u);
  if (copy.password) copy.password = '***';
  return copy.toString();
};
console.log(`test:services: TEST_DATABASE_URL=${safeUrl(pgUrl)} REDIS_URL=${safeUrl(redisUrl)}`);

const vitest = spawn(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', '--project', 'services', ...process.argv.slice(2)],
  { stdio: 'inherit', env, cwd: new URL('..', import.meta.url) },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => vitest.kill(signal));
vitest.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
