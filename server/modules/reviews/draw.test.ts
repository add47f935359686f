import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conflictsOf, runDraw, snapshotHash, type ApplicantFacts, type Candidate, type Snapshot } from './draw.ts';

const employers = ['甲公司', '乙大学', '丙研究院', '丁集团', null];
const regions = ['北京', '上海', '广东', null];
const tags = ['新能源', '新能源/光伏', '新能源/储能', '智能制造'];

const candidate = (i: number): fc.Arbitrary<Candidate> =>
  fc.record({
    id: fc.constant(`e${String(i).padStart(4, '0')}`),
    userId: fc.constant(null),
    name: fc.constant(`专家${i}`),
    email: fc.constant(null),
    employer: fc.constantFrom(...employers),
    employerCreditCode: fc.constant(null),
    region: fc.constantFrom(...regions),
    tags: fc.subarray(tags, { minLength: 1 }),
    available: fc.boolean(),
    maxReviews: fc.integer({ min: 0, max: 4 }),
    load: fc.integer({ min: 0, max: 3 }),
    relationships: fc.constant([]),
    reviewed: fc.constant([]),
  });

const application = (i: number): fc.Arbitrary<ApplicantFacts> =>
  fc.record({
    id: fc.constant(`a${i}`),
    applicantUserId: fc.constant(`u${i}`),
    organization: fc.constantFrom('甲公司', '戊公司', '己公司'),
    creditCode: fc.constant(null),
    region: fc.constantFrom(...regions),
    emails: fc.constant([]),
    staffNames: fc.constant([]),
    assigned: fc.constant([]),
    declined: fc.constant([]),
  });

const snapshotArb: fc.Arbitrary<Snapshot> = fc
  .record({ nc: fc.integer({ min: 0, max: 40 }), na: fc.integer({ min: 1, max: 6 }) })
  .chain(({ nc, na }) =>
    fc.record({
      version: fc.constant(1 as const),
      rules: fc.record({
        tags: fc.subarray(tags, { minLength: 1 }),
        perApplication: fc.integer({ min: 1, max: 7 }),
        sameRegion: fc.boolean(),
        onePerEmployer: fc.boolean(),
        employers: fc.subarray(['丁集团']),
      }),
      applications: fc.tuple(...Array.from({ length: na }, (_, i) => application(i))),
      candidates: fc.tuple(...Array.from({ length: nc }, (_, i) => candidate(i))),
    }),
  )
  .map((s) => ({ ...s, applications: [...s.applications], candidates: [...s.candidates] }));

describe('the expert draw', () => {
  it('gives the same experts for the same seed and snapshot, even after the snapshot went through JSON', () => {
    fc.assert(
      fc.property(snapshotArb, fc.integer({ min: 0, max: 0x7fffffff }), (snapshot, seed) => {
        const stored = JSON.parse(JSON.stringify(snapshot)) as Snapshot;
        expect(runDraw(stored, seed)).toEqual(runDraw(snapshot, seed));
        expect(snapshotHash(stored)).toBe(snapshotHash(snapshot));
      }),
      { numRuns: 300 },
    );
  });

  it('never exceeds an expert’s load limit, never picks a conflicted or unavailable expert, and keeps one per employer', () => {
    fc.assert(
      fc.property(snapshotArb, fc.integer({ min: 0, max: 0x7fffffff }), (snapshot, seed) => {
        const { picks } = runDraw(snapshot, seed);
        const count = new Map<string, number>();
        for (const a of snapshot.applications) {
          const chosen = picks[a.id];
          expect(new Set(chosen).size).toBe(chosen.length);
          expect(chosen.length).toBeLessThanOrEqual(snapshot.rules.perApplication);
          const seen = new Set<string>();
          for (const id of chosen) {
            const c = snapshot.candidates.find((x) => x.id === id)!;
            expect(conflictsOf(c, a, snapshot.rules)).toEqual([]);
            count.set(id, (count.get(id) ?? 0) + 1);
            if (snapshot.rules.onePerEmployer && c.employer) {
              expect(seen.has(c.employer)).toBe(false);
              seen.add(c.employer);
            }
          }
        }
        for (const [id, n] of count) {
          const c = snapshot.candidates.find((x) => x.id === id)!;
          expect(c.load + n).toBeLessThanOrEqual(c.maxReviews);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('draws differently for another seed on a large pool (the seed matters)', () => {
    const candidates: Candidate[] = Array.from({ length: 200 }, (_, i) => ({
      id: `e${String(i).padStart(4, '0')}`, userId: null, name: `专家${i}`, email: null, employer: null, employerCreditCode: null, region: null,
      tags: ['新能源'], available: true, maxReviews: 5, load: 0, relationships: [], reviewed: [],
    }));
    const snapshot: Snapshot = { version: 1, rules: { tags: ['新能源'], perApplication: 7, sameRegion: false, onePerEmployer: false, employers: [] }, candidates,
      applications: [{ id: 'a', applicantUserId: 'u', organization: '某公司', creditCode: null, region: null, emails: [], staffNames: [], assigned: [], declined: [] }] };
    expect(runDraw(snapshot, 1).picks.a).not.toEqual(runDraw(snapshot, 2).picks.a);
    expect(runDraw(snapshot, 1).picks.a).toHaveLength(7);
  });
});

describe('conflict screening', () => {
  const rules = { tags: ['新能源'], perApplication: 3, sameRegion: true, onePerEmployer: true, employers: ['回避单位'] };
  const base: Candidate = { id: 'e1', userId: 'x', name: '张三', email: 'zhang@uni.test', employer: '清源大学', employerCreditCode: '12100000400000001X', region: '北京', tags: ['新能源'], available: true, maxReviews: 5, load: 0, relationships: [], reviewed: [] };
  const app: ApplicantFacts = { id: 'a', applicantUserId: 'u', organization: '华能新能源科技有限公司', creditCode: '91110000MA01A2B3C4', region: '上海', emails: ['boss@hn.test', 'boss.private@mail.test'], staffNames: ['李四'], assigned: [], declined: [] };

  it('flags a co-author or colleague declared by name, organisation or credit code', () => {
    expect(conflictsOf({ ...base, relationships: [{ kind: 'coauthor', personName: ' 李 四 ', organization: null, creditCode: null, email: null }] }, app, rules)).toContain('relationship');
    expect(conflictsOf({ ...base, relationships: [{ kind: 'colleague', personName: null, organization: '华能新能源科技有限公司', creditCode: null, email: null }] }, app, rules)).toContain('relationship');
    expect(conflictsOf({ ...base, relationships: [{ kind: 'competitor', personName: null, organization: '别名', creditCode: '91110000ma01a2b3c4', email: null }] }, app, rules)).toContain('relationship');
  });

  it('flags an expert matched through the applicant’s second, unconfirmed e-mail address', () => {
    expect(conflictsOf({ ...base, email: 'Boss.Private@mail.test' }, app, rules)).toContain('applicant_email');
  });

  it('flags the same employer, the applicant’s own staff, recent reviews and the avoidance rules', () => {
    expect(conflictsOf({ ...base, employerCreditCode: '91110000MA01A2B3C4', employer: '另一名称' }, app, rules)).toContain('same_employer');
    expect(conflictsOf({ ...base, name: '李四' }, app, rules)).toContain('applicant_staff');
    expect(conflictsOf({ ...base, userId: 'u' }, app, rules)).toContain('applicant_staff');
    expect(conflictsOf({ ...base, reviewed: ['cc:91110000MA01A2B3C4'] }, app, rules)).toContain('reviewed_recently');
    expect(conflictsOf({ ...base, region: '上海' }, app, rules)).toContain('avoid_region');
    expect(conflictsOf({ ...base, employer: '回避单位' }, app, rules)).toContain('avoid_employer');
    expect(conflictsOf(base, app, rules)).toEqual([]);
  });
});
