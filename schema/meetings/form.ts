import { z } from 'zod';

/** A custom registration field; `showIf` makes it conditional on another field's answer. */
export const FormField = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    label: z.string().trim().min(1).max(100),
    type: z.enum(['text', 'textarea', 'number', 'select', 'checkbox']),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1).max(100)).max(30).optional(),
    showIf: z.object({ field: z.string(), equals: z.union([z.string(), z.boolean()]) }).optional(),
  })
  .meta({ id: 'MeetingFormField' });
export type FormField = z.infer<typeof FormField>;

export const FormFields = z
  .array(FormField)
  .max(30)
  .superRefine((fields, ctx) => {
    const keys = new Set<string>();
    fields.forEach((f, i) => {
      if (keys.has(f.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], input: f.key });
      if (f.type === 'select' && !f.options?.length) ctx.addIssue({ code: 'custom', path: [i, 'options'], message: 'validation.required' });
      if (f.showIf && !keys.has(f.showIf.field)) ctx.addIssue({ code: 'custom', path: [i, 'showIf', 'field'], message: 'validation.required' });
      keys.add(f.key);
    });
  });

export type Answers = Record<string, string | number | boolean>;

/** Whether a field is shown, given the answers so far (a hidden field is neither required nor kept). */
export function isVisible(field: FormField, answers: Answers): boolean {
  if (!field.showIf) return true;
  const v = answers[field.showIf.field];
  return typeof field.showIf.equals === 'boolean' ? Boolean(v) === field.showIf.equals : String(v ?? '') === field.showIf.equals;
}

/**
 * Checks answers against the form: required visible fields present, types and options right.
 * Returns the kept answers (hidden and unknown fields dropped) and the keys of fields in error.
 */
export function checkAnswers(fields: FormField[], raw: Record<string, unknown>): { answers: Answers; errors: Record<string, 'required' | 'invalid'> } {
  const answers: Answers = {};
  const errors: Record<string, 'required' | 'invalid'> = {};
  for (const f of fields) {
    if (!isVisible(f, answers)) continue;
    const v = raw[f.key];
    const empty = v === undefined || v === null || v === '' || (f.type === 'checkbox' && v === false);
    if (empty) {
      if (f.required) errors[f.key] = 'required';
      else if (f.type === 'checkbox') answers[f.key] = false;
      continue;
    }
    if (f.type === 'checkbox') {
      if (typeof v !== 'boolean') errors[f.key] = 'invalid';
      else answers[f.key] = v;
    } else if (f.type === 'number') {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) errors[f.key] = 'invalid';
      else answers[f.key] = n;
    } else if (typeof v !== 'string' || v.length > 2000) {
      errors[f.key] = 'invalid';
    } else if (f.type === 'select' && !f.options?.includes(v)) {
      errors[f.key] = 'invalid';
    } else {
      answers[f.key] = v.trim();
    }
  }
  return { answers, errors };
}
