// Form actions' side of the review pages: FormData → API bodies, with what was typed kept.
import { fail } from '@sveltejs/kit';
import { ApiFailure } from '#lib/api.ts';

const text = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
};
const all = (data: FormData, name: string) => data.getAll(name).map((v) => (typeof v === 'string' ? v.trim() : ''));
export const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The call form: repeated rows for the form fields, materials and rubric (keys generated from their order). */
export function readCallForm(data: FormData) {
  const fieldLabels = all(data, 'ff_label');
  const fieldTypes = all(data, 'ff_type');
  const fieldRequired = all(data, 'ff_required');
  const matLabels = all(data, 'm_label');
  const matFormats = all(data, 'm_formats');
  const rubLabels = all(data, 'r_label');
  const rubWeights = all(data, 'r_weight');
  const rubMin = all(data, 'r_min');
  const rubMax = all(data, 'r_max');
  const values: Record<string, string> = Object.fromEntries(
    ['title', 'description', 'commissioner', 'fieldTags', 'deadline', 'aggregation', 'conflictWindowDays', 'regions', 'avoidEmployers'].map((k) => [k, text(data, k)]),
  );
  for (const k of ['blindReview', 'requireCreditCode', 'sameRegion', 'onePerEmployer']) values[k] = data.get(k) ? 'on' : '';
  const rows = {
    formFields: fieldLabels.map((label, i) => ({ label, type: fieldTypes[i] || 'text', required: fieldRequired[i] === 'yes' })).filter((f) => f.label),
    materials: matLabels.map((label, i) => ({ label, formats: (matFormats[i] || 'pdf').split(/[,，\s]+/).filter(Boolean) })).filter((m) => m.label),
    rubric: rubLabels.map((label, i) => ({ label, weight: rubWeights[i], min: rubMin[i], max: rubMax[i] })).filter((r) => r.label),
  };
  const deadline = values.deadline.length === 16 ? `${values.deadline}:00` : values.deadline;
  const body = {
    title: values.title,
    description: values.description || null,
    commissioner: values.commissioner || 'government',
    fieldTags: lines(values.fieldTags),
    formFields: rows.formFields.map((f, i) => ({ key: `f${i + 1}`, ...f })),
    materials: rows.materials.map((m, i) => ({ key: `m${i + 1}`, label: m.label, formats: m.formats, required: true })),
    eligibility: { regions: lines(values.regions), requireCreditCode: !!values.requireCreditCode },
    deadline,
    blindReview: !!values.blindReview,
    rubric: rows.rubric.map((r, i) => ({ key: `r${i + 1}`, label: r.label, weight: Number(r.weight || 1), min: Number(r.min || 0), max: Number(r.max || 10) })),
    aggregation: values.aggregation || 'mean',
    conflictWindowDays: Number(values.conflictWindowDays || 365),
    avoidance: { sameRegion: !!values.sameRegion, onePerEmployer: !!values.onePerEmployer, employers: lines(values.avoidEmployers) },
  };
  return { body, values, rows };
}

/** A refused form with the API's messages, what was typed and any row data. */
export function failure(err: unknown, values: Record<string, string>, extra: Record<string, unknown> = {}) {
  if (!(err instanceof ApiFailure)) throw err;
  const details = err.details as { message?: string } | undefined;
  // Conflicts such as a passed deadline carry their own explanation.
  const message = details && typeof details === 'object' && !Array.isArray(details) && details.message ? details.message : err.message;
  return fail(err.status >= 400 && err.status < 600 ? err.status : 500, { message, fields: err.fieldErrors(), values, ...extra });
}
