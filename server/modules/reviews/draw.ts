/**
 * The expert draw (随机抽取) as a pure function of a recorded seed and a pool snapshot, so that
 * anyone holding both gets the same experts (the verify page does exactly that). The snapshot
 * carries every fact the screening uses; nothing else is read.
 */
import { createHash } from 'node:crypto';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Candidate {
  id: string;
  userId: string | null;
  name: string;
  email: string | null;
  employer: string | null;
  employerCreditCode: string | null;
  region: string | null;
  /** Tag paths with ancestors. */
  tags: string[];
  available: boolean;
  maxReviews: number;
  /** Reviews already assigned within the expert's period, before this draw. */
  load: number;
  relationships: { kind: string; personName: string | null; organization: string | null; creditCode: string | null; email: string | null }[];
  /** Applicant keys (credit code or organisation) this expert reviewed within the call's conflict window. */
  reviewed: string[];
}

export interface ApplicantFacts {
  id: string;
  applicantUserId: string;
  organization: string;
  creditCode: string | null;
  region: string | null;
  emails: string[];
  staffNames: string[];
  /** Experts already on this application (kept, never drawn twice). */
  assigned: string[];
  /** Experts who declined or were replaced on this application. */
  declined: string[];
}

export interface DrawRules {
  tags: string[];
  perApplication: number;
  sameRegion: boolean;
  onePerEmployer: boolean;
  employers: string[];
}

export interface Snapshot {
  version: 1;
  rules: DrawRules;
  applications: ApplicantFacts[];
  /** Sorted by id, so the snapshot's order never depends on how the database returned rows. */
  candidates: Candidate[];
}

export type Reason =
  | 'unavailable'
  | 'no_matching_field'
  | 'same_employer'
  | 'relationship'
  | 'applicant_staff'
  | 'applicant_email'
  | 'reviewed_recently'
  | 'avoid_region'
  | 'avoid_employer'
  | 'already_assigned'
  | 'declined';

export interface DrawResult {
  picks: Record<string, string[]>;
  shortfall: Record<string, number>;
  /** Per application: expert id → reasons (load limits and one-per-employer are decided during the draw and listed too). */
  excluded: Record<string, Record<string, string[]>>;
}

/** Names and organisations compared without spaces, case or full-width differences. */
export const norm = (s: string | null | undefined) => (s ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();
export const applicantKey = (a: { creditCode: string | null; organization: string }) => (a.creditCode ? `cc:${a.creditCode.toUpperCase()}` : `org:${norm(a.organization)}`);

/** Why this expert may not review this application (empty: no conflict). Load limits are checked during the draw. */
export function conflictsOf(c: Candidate, a: ApplicantFacts, rules: DrawRules): Reason[] {
  return screener(a, rules)(c);
}

/** The screening for one application, with its facts normalised once (a pool of 10,000 is screened per application). */
export function screener(a: ApplicantFacts, rules: DrawRules): (c: Candidate) => Reason[] {
  const org = norm(a.organization);
  const code = a.creditCode?.toUpperCase() ?? null;
  const staff = new Set(a.staffNames.map(norm));
  const emails = new Set(a.emails.map((e) => e.trim().toLowerCase()));
  const key = applicantKey(a);
  const region = a.region ? norm(a.region) : null;
  const avoided = new Set(rules.employers.map(norm));
  const tags = new Set(rules.tags);
  const assigned = new Set(a.assigned);
  const declined = new Set(a.declined);
  return (c) => {
    const reasons: Reason[] = [];
    if (!c.available) reasons.push('unavailable');
    if (!c.tags.some((t) => tags.has(t))) reasons.push('no_matching_field');
    const employer = norm(c.employer);
    if ((code && c.employerCreditCode?.toUpperCase() === code) || (org && employer === org)) reasons.push('same_employer');
    if (
      c.relationships.some(
        (r) =>
          (code && r.creditCode?.toUpperCase() === code) ||
          (org && norm(r.organization) === org) ||
          (r.personName && staff.has(norm(r.personName))) ||
          (r.email && emails.has(r.email.trim().toLowerCase())),
      )
    ) {
      reasons.push('relationship');
    }
    if (c.userId === a.applicantUserId || staff.has(norm(c.name))) reasons.push('applicant_staff');
    // Any address the applicant gave, confirmed or not (the OpenReview failure: a second, unconfirmed e-mail).
    if (c.email && emails.has(c.email.trim().toLowerCase())) reasons.push('applicant_email');
    if (c.reviewed.includes(key)) reasons.push('reviewed_recently');
    if (rules.sameRegion && region && norm(c.region) === region) reasons.push('avoid_region');
    if (employer && avoided.has(employer)) reasons.push('avoid_employer');
    if (assigned.has(c.id)) reasons.push('already_assigned');
    if (declined.has(c.id)) reasons.push('declined');
    return reasons;
  };
}

/** Draws rules.perApplication experts (minus those already assigned) for each application in order. */
export function runDraw(snapshot: Snapshot, seed: number): DrawResult {
  const rng = xoroshiro128plus(seed);
  const { rules } = snapshot;
  const load = new Map(snapshot.candidates.map((c) => [c.id, c.load]));
  // Normalised once per draw: the one-per-employer filter runs over the pool on every pick.
  const employerOf = new Map(snapshot.candidates.map((c) => [c.id, norm(c.employer)]));
  const result: DrawResult = { picks: {}, shortfall: {}, excluded: {} };
  for (const a of snapshot.applications) {
    const excluded: Record<string, string[]> = {};
    const eligible: Candidate[] = [];
    const screen = screener(a, rules);
    for (const c of snapshot.candidates) {
      const reasons: string[] = screen(c);
      if ((load.get(c.id) ?? 0) >= c.maxReviews) reasons.push('load_limit');
      if (reasons.length) excluded[c.id] = reasons;
      else eligible.push(c);
    }
    const employersTaken = new Set(a.assigned.map((id) => employerOf.get(id) ?? '').filter(Boolean));
    const wanted = Math.max(0, rules.perApplication - a.assigned.length);
    const picks: string[] = [];
    while (picks.length < wanted) {
      const pool = rules.onePerEmployer ? eligible.filter((c) => !c.employer || !employersTaken.has(employerOf.get(c.id)!)) : eligible;
      if (!pool.length) break;
      const chosen = pool[uniformInt(rng, 0, pool.length - 1)];
      picks.push(chosen.id);
      eligible.splice(eligible.indexOf(chosen), 1);
      load.set(chosen.id, (load.get(chosen.id) ?? 0) + 1);
      if (chosen.employer) employersTaken.add(employerOf.get(chosen.id)!);
    }
    if (rules.onePerEmployer) for (const c of eligible) if (c.employer && employersTaken.has(employerOf.get(c.id)!) && !picks.includes(c.id)) excluded[c.id] = ['one_per_employer'];
    result.picks[a.id] = picks;
    if (picks.length < wanted) result.shortfall[a.id] = wanted - picks.length;
    result.excluded[a.id] = excluded;
  }
  return result;
}

/** A stable JSON text (keys sorted) and its sha256: the fingerprint printed on the verify page. */
export function snapshotHash(snapshot: Snapshot): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(snapshot))).digest('hex');
}
