// The expert profile form as FormData ⇄ the API's ExpertProfileInput (used by form actions).
import { fail } from '@sveltejs/kit';
import { ApiFailure } from '#lib/api.ts';
import { relationshipKinds } from '#schema/experts/api.ts';

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

const text = (data: FormData, name: string) => {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

/** The request body, and the typed values to show again when the API refuses it. */
export function readProfileForm(data: FormData) {
  const kinds = data.getAll('rel_kind').map(String);
  const people = data.getAll('rel_personName').map(String);
  const orgs = data.getAll('rel_organization').map(String);
  const codes = data.getAll('rel_creditCode').map(String);
  const relationships = kinds
    .map((kind, i) => ({ kind, personName: people[i]?.trim() || null, organization: orgs[i]?.trim() || null, creditCode: codes[i]?.trim() || null }))
    .filter((r) => (relationshipKinds as readonly string[]).includes(r.kind) && (r.personName || r.organization || r.creditCode));
  const values = {
    name: text(data, 'name'),
    email: text(data, 'email'),
    phone: text(data, 'phone'),
    title: text(data, 'title'),
    certificates: text(data, 'certificates'),
    fieldTags: text(data, 'fieldTags'),
    employer: text(data, 'employer'),
    employerCreditCode: text(data, 'employerCreditCode'),
    region: text(data, 'region'),
    bio: text(data, 'bio'),
    available: data.get('available') ? 'on' : '',
    maxReviewsPerPeriod: text(data, 'maxReviewsPerPeriod'),
    periodDays: text(data, 'periodDays'),
    userId: text(data, 'userId'),
  };
  const body = {
    name: values.name,
    email: values.email || null,
    phone: values.phone || null,
    title: values.title || null,
    certificates: lines(values.certificates),
    fieldTags: lines(values.fieldTags),
    employer: values.employer || null,
    employerCreditCode: values.employerCreditCode || null,
    region: values.region || null,
    bio: values.bio || null,
    available: !!values.available,
    maxReviewsPerPeriod: Number(values.maxReviewsPerPeriod || 6),
    periodDays: Number(values.periodDays || 90),
    relationships,
  };
  return { body, values, relationships };
}

/** A refused profile form: the API's messages plus what was typed, relationship rows included. */
export function profileFailure(err: unknown, values: Record<string, string>, relationships: ReturnType<typeof readProfileForm>['relationships']) {
  if (!(err instanceof ApiFailure)) throw err;
  return fail(err.status >= 400 && err.status < 600 ? err.status : 500, { message: err.message, fields: err.fieldErrors(), values, relationships });
}
