import { z } from 'zod';
import { actions } from '../permissions.ts';
import { locales, roles } from '../roles.ts';
import { Email, Id, Password, RequiredText } from './common.ts';

export const Role = z.enum(roles).meta({ id: 'Role' });
export const Locale = z.enum(locales).meta({ id: 'Locale' });
export const TenantSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'validation.slug')
  .meta({ description: 'Association slug', example: 'demo' });

export const LoginInput = z
  .strictObject({
    email: Email,
    password: z.string().min(1).max(200),
    /** Slug of the association to enter; defaults to the user's first membership. */
    tenant: TenantSlug.optional(),
  })
  .meta({ id: 'LoginInput' });

export const TenantSummary = z
  .object({ id: Id, slug: z.string(), name: z.string(), nameEn: z.string().nullable(), role: Role })
  .meta({ id: 'TenantSummary' });

export const SessionInfo = z
  .object({
    user: z.object({ id: Id, email: z.string(), name: z.string(), locale: Locale.nullable() }),
    tenant: z.object({ id: Id, slug: z.string(), name: z.string(), nameEn: z.string().nullable(), timeZone: z.string() }),
    role: Role,
    permissions: z.array(z.enum(actions)),
    memberships: z.array(TenantSummary),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'SessionInfo' });

export const TokenOutput = z
  .object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.iso.datetime(), tenant: z.string() })
  .meta({ id: 'TokenOutput' });

export const SwitchTenantInput = z.strictObject({ tenant: TenantSlug }).meta({ id: 'SwitchTenantInput' });

export const ResetRequestInput = z.strictObject({ email: Email }).meta({ id: 'ResetRequestInput' });
export const ResetConfirmInput = z
  .strictObject({ token: z.string().min(20).max(200), password: Password })
  .meta({ id: 'ResetConfirmInput' });

export const UpdateMeInput = z
  .strictObject({ name: RequiredText(100).optional(), locale: Locale.nullable().optional() })
  .meta({ id: 'UpdateMeInput' });
