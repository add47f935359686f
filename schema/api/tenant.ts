import { z } from 'zod';
import { LocalizedText } from '../portal/locales.ts';
import { Id, RequiredText, Text } from './common.ts';

/** IANA time zones the runtime knows; the tenant's dates are shown and computed in it. */
const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'validation.timeZone');

export const TenantSettings = z
  .object({ id: Id, slug: z.string(), name: z.string(), nameEn: z.string().nullable(), timeZone: z.string(), about: LocalizedText.nullable() })
  .meta({ id: 'TenantSettings' });

export const UpdateTenantInput = z
  .strictObject({
    name: RequiredText(100).optional(),
    nameEn: Text(100).nullable().optional(),
    timeZone: TimeZone.optional(),
    /** The introduction on the public portal. */
    about: LocalizedText.nullable().optional(),
  })
  .meta({ id: 'UpdateTenantInput' });

export const PresenceEntry = z
  .object({ userId: Id, name: z.string(), role: z.string(), since: z.iso.datetime() })
  .meta({ id: 'PresenceEntry' });
