import { SessionInfo } from '#schema/api/auth.ts';
import { IdParams, Page } from '#schema/api/common.ts';
import {
  AcceptInvitationInput,
  CreateInvitationInput,
  Invitation,
  InvitationLookup,
  InvitationTokenQuery,
  TenantUser,
  UpdateUserInput,
  UserExportQuery,
  UserListQuery,
} from '#schema/api/users.ts';
import { z } from 'zod';
import { defineRoute } from '../../http/routes.ts';
import { setSessionCookie } from '../auth/routes.ts';
import { currentSessionInfo } from '../auth/service.ts';
import { acceptInvitation, changeRole, exportUsers, getUser, invite, listInvitations, listUsers, lookupInvitation, removeUser, revokeInvitation } from './service.ts';

export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/users',
    tag: 'users',
    summary: "The association's users and their roles",
    access: 'user.list',
    query: UserListQuery,
    response: Page(TenantUser),
    handler: ({ query, ctx }) => listUsers(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/users/export',
    tag: 'users',
    summary: "The association's users and roles as XLSX or PDF (same filters as the list)",
    access: 'user.list',
    query: UserExportQuery,
    response: 'file',
    produces: ['xlsx', 'pdf'],
    handler: ({ query, ctx }) => exportUsers(ctx, query),
  }),
  defineRoute({
    method: 'get',
    path: '/users/{id}',
    tag: 'users',
    summary: 'One user of this association and their role',
    access: 'user.list',
    resource: 'user',
    params: IdParams,
    response: TenantUser,
    handler: ({ params, ctx }) => getUser(ctx, params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/users/{id}',
    tag: 'users',
    summary: "Change a user's role in this association",
    access: 'user.manage',
    resource: 'user',
    params: IdParams,
    body: UpdateUserInput,
    response: TenantUser,
    handler: ({ params, body, ctx }) => changeRole(ctx, params.id, body.role),
  }),
  defineRoute({
    method: 'delete',
    path: '/users/{id}',
    tag: 'users',
    summary: 'Remove a user from this association (their account stays)',
    access: 'user.manage',
    resource: 'user',
    params: IdParams,
    response: null,
    status: 204,
    handler: ({ params, ctx }) => removeUser(ctx, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/invitations',
    tag: 'users',
    summary: 'Open invitations',
    access: 'user.invite',
    response: z.object({ items: z.array(Invitation) }),
    handler: async ({ ctx }) => ({ items: await listInvitations(ctx) }),
  }),
  defineRoute({
    method: 'post',
    path: '/invitations',
    tag: 'users',
    summary: 'Invite a person by e-mail with a role; the link is e-mailed and valid for 7 days',
    access: 'user.invite',
    body: CreateInvitationInput,
    response: Invitation,
    status: 201,
    handler: ({ body, ctx }) => invite(ctx, body.email, body.role),
  }),
  defineRoute({
    method: 'delete',
    path: '/invitations/{id}',
    tag: 'users',
    summary: 'Revoke an open invitation',
    access: 'user.invite',
    resource: 'invitation',
    params: IdParams,
    response: null,
    status: 204,
    handler: ({ params, ctx }) => revokeInvitation(ctx, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/invitations/lookup',
    tag: 'users',
    summary: 'What an invitation link offers (association, e-mail, role)',
    access: 'public',
    query: InvitationTokenQuery,
    response: InvitationLookup,
    handler: ({ query, ctx }) => lookupInvitation(ctx, query.token),
  }),
  defineRoute({
    method: 'post',
    path: '/invitations/accept',
    tag: 'users',
    summary: 'Accept an invitation and log in',
    access: 'public',
    body: AcceptInvitationInput,
    response: SessionInfo,
    async handler({ body, ctx, req, res }) {
      const { token, expiresAt } = await acceptInvitation(ctx, body, { ip: req.ip ?? '', userAgent: req.get('user-agent') });
      setSessionCookie(res, ctx.services.config, token, expiresAt);
      return currentSessionInfo(ctx.services.db, token, 'cookie');
    },
  }),
];
