import { z } from 'zod';
import { Id } from '../api/common.ts';
import { LocalizedText, portalLocales } from './locales.ts';

export const PortalTenantParams = z.strictObject({ tenant: z.string().trim().toLowerCase().min(2).max(40).regex(/^[a-z0-9][a-z0-9-]*$/) });

export const PortalHome = z
  .object({
    id: Id,
    slug: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    /** The association's introduction, per language. */
    about: LocalizedText.nullable(),
    languages: z.array(z.enum(portalLocales)),
  })
  .meta({ id: 'PortalHome' });
