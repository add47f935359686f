import { z } from 'zod';
import { Email, Id, Password, RequiredText } from './common.ts';
import { Role } from './auth.ts';

export const TenantUser = z
  .object({
    id: Id,
    email: z.string(),
    name: z.string(),
    role: Role,
    joinedAt: z.iso.datetime(),
  })
  .meta({ id: 'TenantUser' });

const UserFilter = {
  /** Matches name or e-mail. */
  q: z.string().trim().max(100).optional(),
  role: Role.optional(),
  /** Everyone but this role: notRole=member gives the association's own people, without member companies' accounts. */
  notRole: Role.optional(),
  sort: z.enum(['name', 'email', 'joinedAt']).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
};

export const UserListQuery = z.strictObject({
  ...UserFilter,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const UserExportQuery = z.strictObject({ ...UserFilter, format: z.enum(['xlsx', 'pdf']) });

export const UpdateUserInput = z.strictObject({ role: Role }).meta({ id: 'UpdateUserInput' });

export const Invitation = z
  .object({
    id: Id,
    email: z.string(),
    role: Role,
    invitedBy: z.string(),
    expiresAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Invitation' });

export const CreateInvitationInput = z.strictObject({ email: Email, role: Role }).meta({ id: 'CreateInvitationInput' });

export const InvitationLookup = z
  .object({ tenant: z.string(), tenantName: z.string(), email: z.string(), role: Role, existingUser: z.boolean() })
  .meta({ id: 'InvitationLookup' });

export const InvitationTokenQuery = z.strictObject({ token: z.string().min(20).max(200) });

export const AcceptInvitationInput = z
  .strictObject({
    token: z.string().min(20).max(200),
    /** Required for a new account; ignored when the e-mail already has an account. */
    name: RequiredText(100).optional(),
    password: Password,
  })
  .meta({ id: 'AcceptInvitationInput' });
