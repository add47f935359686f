import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { ApiError } from '#schema/api/common.ts';
import { fileFormats } from '../exports/files.ts';
import type { RouteDef } from './routes.ts';

/** The OpenAPI 3.1 document, generated from the same route definitions and zod schemas the server runs. */
export function buildOpenApi(routes: RouteDef[], version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'cookieAuth', { type: 'apiKey', in: 'cookie', name: 'xh_session' });
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  const error = (description: string) => ({ description, content: { 'application/json': { schema: ApiError } } });
  for (const r of routes) {
    const status = r.status ?? 200;
    registry.registerPath({
      method: r.method,
      path: `/api/v1${r.path}`,
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${r.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())}`,
      security: r.access === 'public' ? [] : [{ cookieAuth: [] }, { bearerAuth: [] }],
      'x-access': r.access,
      ...(r.resource ? { 'x-resource': r.resource } : {}),
      request: {
        ...(r.params ? { params: r.params as never } : {}),
        ...(r.query ? { query: r.query as never } : {}),
        ...(r.body ? { body: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
      },
      ...(r.produces ? { 'x-produces': r.produces } : {}),
      responses: {
        [status]:
          r.response === 'file'
            ? { description: 'The file', content: Object.fromEntries((r.produces ?? []).map((f) => [fileFormats[f].split(';')[0], { schema: { type: 'string', format: 'binary' } }])) }
            : r.response
              ? { description: 'OK', content: { 'application/json': { schema: r.response } } }
              : { description: 'No content' },
        ...(r.body || r.query ? { 400: error('Malformed JSON'), 422: error('Validation failed; details lists each field') } : {}),
        ...(r.access === 'public' ? {} : { 401: error('Not logged in, or the session expired') }),
        ...(r.access !== 'public' && r.access !== 'session' ? { 403: error(`Requires the permission ${r.access}`) } : {}),
        ...(r.resource ? { 404: error('No such entity in the caller’s association') } : {}),
        ...(r.method !== 'get' ? { 409: error('Conflicts with the current state') } : {}),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Xiehui API',
      version,
      description:
        'JSON API of the association workspace (协会协同工作台). Errors are `{ "error": { "code", "message", "details" } }` with the message in the caller\'s language (zh-CN or en).',
    },
    servers: [{ url: '/' }],
  });
}
