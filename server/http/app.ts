import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseCookie as parseCookies } from 'cookie';
import express, { type NextFunction, type Request, type Response } from 'express';
import { can } from '#schema/permissions.ts';
import { pickLocale } from '#schema/roles.ts';
import { runInTenant, write } from '../db/tenant-scope.ts';
import { migrationsUpToDate } from '../db/migrate.ts';
import { clearSessionCookie, sessionToken } from '../modules/auth/routes.ts';
import { resolveSession } from '../modules/auth/service.ts';
import { apiRoutes } from '../modules/index.ts';
import { attachment, fileFormats, formatOf, type FileResult } from '../exports/files.ts';
import { ApiError, errorHandler, parseOrThrow } from './errors.ts';
import { buildOpenApi } from './openapi.ts';
import type { RequestCtx, RouteDef, Services } from './routes.ts';
import './context.ts';

const require = createRequire(import.meta.url);
// The package's index loads its 4 MB browser bundles into the server; only their directory is needed.
const swaggerUiDir: string = require('swagger-ui-dist/absolute-path.js')();

export interface AppState {
  ready: boolean;
  draining: boolean;
}

export function createApp(services: Services, state: AppState) {
  const app = express();
  app.disable('x-powered-by');
  // TRUST_PROXY hops of X-Forwarded-For, plus loopback: the web app's server-side rendering calls this
  // API over loopback and forwards the browser's address (client/src/lib/server/api.ts).
  const hops = services.config.TRUST_PROXY;
  app.set('trust proxy', (addr: string, i: number) => i < hops || isLoopback(addr));
  app.set('query parser', 'simple');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = { database: false, migrations: false, draining: state.draining };
    try {
      await services.db.sql.query('SELECT 1');
      checks.database = true;
      checks.migrations = await migrationsUpToDate(services.db);
    } catch {
      /* reported below */
    }
    const ok = state.ready && checks.database && checks.migrations && !state.draining;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', ...checks });
  });

  const openapi = buildOpenApi(apiRoutes, process.env.npm_package_version ?? '0.1.0');
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.get(['/api/docs', '/api/docs/'], (_req, res) => {
    res.type('html').send(swaggerPage);
  });
  app.get('/api/docs/init.js', (_req, res) => {
    res.type('js').send(swaggerInit);
  });
  app.use('/api/docs', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));

  const api = express.Router();
  api.use(requestContext(services));
  // LiveKit signs its webhooks' raw bytes (application/webhook+json), WeChat Pay its notifications (Wechatpay-Signature): keep them for the check.
  api.use(express.json({ limit: '1mb', strict: true, type: ['application/json', 'application/*+json'], verify: (req, _res, buf) => (req.headers['content-type']?.startsWith('application/webhook+json') || req.headers['wechatpay-signature'] !== undefined) && Object.assign(req, { rawBody: buf }) }));
  for (const route of apiRoutes) mount(api, route, services);
  api.use((req, _res, next) => next(new ApiError('not_found', { entity: 'resource' })));
  app.use('/api/v1', api);
  app.use('/api', (req, res, next) => next(new ApiError('not_found', { entity: 'resource' })));
  app.use('/api', errorHandler);
  return app;
}

/** Request id, language and caller, before the body is read. */
function requestContext(services: Services) {
  return async (req: Request, res: Response, next: NextFunction) => {
    // A caller-supplied id (from a proxy) is kept for tracing only when it looks like one.
    const given = req.get('x-request-id') ?? '';
    req.id = /^[\w.:-]{8,64}$/.test(given) ? given : randomUUID();
    res.set('X-Request-Id', req.id);
    req.locale = pickLocale(null, req.get('accept-language'));
    (req as Request & { cookies: Record<string, string | undefined> }).cookies = parseCookies(req.get('cookie') ?? '');
    req.auth = null;
    try {
      // Cross-site requests cannot carry our SameSite cookie on writes; refuse any stated foreign origin too.
      const origin = req.get('origin');
      if (origin && req.method !== 'GET' && req.method !== 'HEAD' && !sameOrigin(origin, req, services)) throw new ApiError('forbidden', { action: 'cross-origin' });
      const token = sessionToken(req);
      if (token) {
        const kind = req.get('authorization') ? 'bearer' : 'cookie';
        const auth = await resolveSession(services.db, token, kind, kind === 'cookie' ? services.config.SESSION_TTL_HOURS * 3600_000 : undefined);
        if (auth === 'expired' || auth === null) {
          if (kind === 'cookie') clearSessionCookie(res, services.config);
          // An unknown or expired token is an error only where a login is needed (see mount()).
          (req as Request & { authProblem?: string }).authProblem = auth === 'expired' ? 'session_expired' : 'unauthenticated';
        } else {
          req.auth = auth;
          req.locale = pickLocale(auth.user.locale, req.get('accept-language'));
        }
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

function isLoopback(addr: string): boolean {
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

function sameOrigin(origin: string, req: Request, services: Services): boolean {
  if (origin === services.config.PUBLIC_URL) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

function mount(router: express.Router, route: RouteDef, services: Services) {
  const path = route.path.replace(/\{(\w+)\}/g, ':$1');
  router[route.method](path, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const auth = req.auth;
      if (route.access !== 'public') {
        if (!auth) throw new ApiError(((req as Request & { authProblem?: string }).authProblem as 'session_expired') ?? 'unauthenticated');
        if (route.access !== 'session' && !can(auth.role, route.access)) throw new ApiError('forbidden', { action: route.access });
      }
      const params = route.params ? parseOrThrow(route.params, req.params, req.locale, 'params') : undefined;
      const query = route.query ? parseOrThrow(route.query, req.query ?? {}, req.locale, 'query') : undefined;
      let body: unknown;
      if (route.body) {
        if (!req.is(['application/json', 'application/*+json'])) throw new ApiError('unsupported_media_type');
        body = parseOrThrow(route.body, req.body, req.locale, 'body');
      }
      const ctx: RequestCtx<typeof auth> = {
        services,
        auth,
        locale: req.locale,
        requestId: req.id,
        db: services.scoped,
        write: (fn) => write(services.scoped, fn),
      };
      const run = () => route.handler({ params, query, body, ctx, req, res });
      const result = auth ? await runInTenant({ tenantId: auth.tenant.id, actorId: auth.user.id, requestId: req.id }, run) : await run();
      if (res.headersSent) return;
      res.status(route.status ?? 200);
      if (route.response === null) res.end();
      else if (route.response === 'file') {
        const file = result as FileResult;
        res.set({ 'Content-Type': fileFormats[formatOf(file.filename)], 'Content-Disposition': attachment(file.filename) }).send(Buffer.from(file.body));
      } else res.json(route.response.parse(result));
    } catch (err) {
      next(err);
    }
  });
}

const swaggerPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Xiehui API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/swagger-ui-standalone-preset.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const swaggerInit = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  withCredentials: true,
});`;
