import type { Request, Response } from 'express';
import { LoginInput, ResetConfirmInput, ResetRequestInput, SessionInfo, SwitchTenantInput, TokenOutput, UpdateMeInput } from '#schema/api/auth.ts';
import { Ok } from '#schema/api/common.ts';
import type { Config } from '../../config.ts';
import { defineRoute } from '../../http/routes.ts';
import {
  authenticate,
  confirmPasswordReset,
  createSession,
  currentSessionInfo,
  endSession,
  requestPasswordReset,
  sessionInfo,
  switchTenant,
  updateMe,
} from './service.ts';

export const SESSION_COOKIE = 'xh_session';

export function setSessionCookie(res: Response, config: Config, token: string, expiresAt: Date) {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: config.COOKIE_SECURE, path: '/', expires: expiresAt });
}

export function clearSessionCookie(res: Response, config: Config) {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: config.COOKIE_SECURE, path: '/' });
}

const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Log in with e-mail and password; sets an HTTP-only session cookie',
    access: 'public',
    body: LoginInput,
    response: SessionInfo,
    async handler({ body, ctx, req, res }) {
      const s = ctx.services;
      const { user, tenantId } = await authenticate(s, body, clientIp(req), ctx.requestId);
      const { token, expiresAt } = await createSession(s, { userId: user.id, tenantId, kind: 'cookie', userAgent: req.get('user-agent'), ip: clientIp(req), requestId: ctx.requestId });
      setSessionCookie(res, s.config, token, expiresAt);
      return currentSessionInfo(s.db, token, 'cookie');
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/token',
    tag: 'auth',
    summary: 'Get a short-lived bearer token for scripts and integrations (API, Socket.IO auth.token, collab token)',
    access: 'public',
    body: LoginInput,
    response: TokenOutput,
    status: 201,
    async handler({ body, ctx, req }) {
      const s = ctx.services;
      const { user, tenantId } = await authenticate(s, body, clientIp(req), ctx.requestId);
      const { token, expiresAt } = await createSession(s, { userId: user.id, tenantId, kind: 'bearer', userAgent: req.get('user-agent'), ip: clientIp(req), requestId: ctx.requestId });
      const tenant = user.memberships.find((m) => m.tenantId === tenantId)!.tenant.slug;
      return { token, tokenType: 'Bearer' as const, expiresAt: expiresAt.toISOString(), tenant };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/logout',
    tag: 'auth',
    summary: 'End the current session (or revoke the bearer token used)',
    access: 'session',
    response: Ok,
    async handler({ ctx, res }) {
      await endSession(ctx.services, ctx.auth, ctx.requestId);
      if (ctx.auth.kind === 'cookie') clearSessionCookie(res, ctx.services.config);
      ctx.services.revokeSession(ctx.auth.sessionId);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/auth/session',
    tag: 'auth',
    summary: 'The current user, tenant, role, permissions and memberships',
    access: 'session',
    response: SessionInfo,
    async handler({ ctx }) {
      return sessionInfo(ctx.auth);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/switch-tenant',
    tag: 'auth',
    summary: 'Switch the session to another association the user belongs to',
    access: 'session',
    body: SwitchTenantInput,
    response: SessionInfo,
    async handler({ body, ctx, req }) {
      await switchTenant(ctx.services, ctx.auth, body.tenant);
      return currentSessionInfo(ctx.services.db, sessionToken(req)!, ctx.auth.kind);
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/me',
    tag: 'auth',
    summary: "Update one's own name or interface language",
    access: 'session',
    body: UpdateMeInput,
    response: SessionInfo,
    async handler({ body, ctx, req }) {
      await updateMe(ctx.services, ctx.auth, body, ctx.requestId);
      return currentSessionInfo(ctx.services.db, sessionToken(req)!, ctx.auth.kind);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/password-reset',
    tag: 'auth',
    summary: 'Send a password-reset link by e-mail (always answers 202, whether or not the e-mail is known)',
    access: 'public',
    body: ResetRequestInput,
    response: Ok,
    status: 202,
    async handler({ body, ctx, req }) {
      await ctx.services.limiter.before(`reset:${body.email}`, clientIp(req));
      await ctx.services.limiter.failed(`reset:${body.email}`);
      await requestPasswordReset(ctx.services, body.email, ctx.locale);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/auth/password-reset/confirm',
    tag: 'auth',
    summary: 'Choose a new password with the token from the e-mail; ends all sessions of the user',
    access: 'public',
    body: ResetConfirmInput,
    response: Ok,
    async handler({ body, ctx }) {
      await confirmPasswordReset(ctx.services, body.token, body.password, ctx.requestId);
      return { ok: true as const };
    },
  }),
];

/** The raw session token of a request: bearer header first, then the cookie. */
export function sessionToken(req: Request): string | null {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE] ?? null;
}
