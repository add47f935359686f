import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting comes from the environment; .env.example and the README list them with defaults. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Public origin used in e-mailed links; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** PostgreSQL connection string; without it the embedded PGlite under DATA_DIR is used. */
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('data'),
  /** shared_buffers of the embedded database; PostgreSQL's 128MB default costs memory a small association never uses. */
  PGLITE_SHARED_BUFFERS: z.string().regex(/^\d+(kB|MB|GB)$/).default('16MB'),
  REDIS_URL: z.string().optional(),
  /** Prefix of every Redis key and stream, so that deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[\w:.-]+$/).default('xh'),
  SEED_DEMO: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  TOKEN_TTL_MINUTES: z.coerce.number().positive().default(60),
  /** Login attempts allowed per account and per IP within LOGIN_WINDOW_MINUTES. */
  LOGIN_MAX_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_PER_IP: z.coerce.number().int().positive().default(30),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /** Number of proxies in front of the app whose X-Forwarded-For is trusted. */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  /** SMTP URL (smtp://user:pass@host:587); without it e-mails are written to the log. */
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Xiehui <no-reply@xiehui.local>'),
  /** Cookies get the Secure flag; on by default when PUBLIC_URL is https. */
  COOKIE_SECURE: bool.optional(),
  /** LiveKit for meeting video (wss:// or https://); with its API key and secret, or none of the three. */
  LIVEKIT_URL: z.string().regex(/^(wss?|https?):\/\/\S+$/).optional(),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
  /** WeChat Pay API v3 (Native QR payments for invoices); without them online payment is off and payments are recorded offline. */
  WECHATPAY_MCHID: z.string().optional(),
  WECHATPAY_APPID: z.string().optional(),
  WECHATPAY_SERIAL: z.string().optional(),
  WECHATPAY_PRIVATE_KEY_PATH: z.string().optional(),
  WECHATPAY_APIV3_KEY: z.string().length(32).optional(),
  WECHATPAY_PLATFORM_CERT_PATH: z.string().optional(),
  WECHATPAY_BASE_URL: z.url().default('https://api.mch.weixin.qq.com'),
  /** How long SIGTERM waits for open requests and documents before exiting. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
  /** Where the web app's server-side rendering reaches the API (read by client/src/lib/server/api.ts). */
  XH_INTERNAL_API_URL: z.url().optional(),
});

/** Every setting's name, for the check that .env.example documents them all. */
export const configKeys = Object.keys(Env.shape);

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const c = parsed.data;
  const liveKit = [c.LIVEKIT_URL, c.LIVEKIT_API_KEY, c.LIVEKIT_API_SECRET];
  if (liveKit.some(Boolean) && !liveKit.every(Boolean)) {
    throw new Error('Invalid configuration:\n  LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET go together: set all three, or none for meetings without video');
  }
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');
  return {
    ...c,
    PUBLIC_URL: publicUrl,
    DATA_DIR: resolve(c.DATA_DIR),
    COOKIE_SECURE: c.COOKIE_SECURE ?? publicUrl.startsWith('https:'),
  };
}
