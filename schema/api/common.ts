import { z } from 'zod';
import { errorStatus } from '../errors.ts';

/** Ids are UUIDs; anything else is a 404 rather than a database error. */
export const Id = z.uuid().meta({ description: 'Identifier (UUID)' });
export const IdParams = z.strictObject({ id: Id });

/** Plain text that people type: trimmed, no control characters. HTML and SQL are kept as text. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s), { message: 'validation.controlChars' });

/** Text that must not be empty once trimmed. */
export const RequiredText = (max: number) => Text(max).pipe(z.string().min(1, 'validation.required'));

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email())
  .meta({ description: 'E-mail address', example: 'admin@demo.test' });

export const Password = z.string().min(8).max(200).meta({ description: 'At least 8 characters' });

export const PageQuery = z.strictObject({
  /** Opaque cursor from the previous page's nextCursor. */
  cursor: z.string().max(200).optional(),
  /** Page size, 1–100. */
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const ApiError = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus, ...(keyof typeof errorStatus)[]]),
      message: z.string().meta({ description: "In the caller's language (zh-CN or en)" }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ApiError' });

export const Ok = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
