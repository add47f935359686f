import { z } from 'zod';
import { Email, Id, RequiredText, Text } from '../api/common.ts';
import { partyMeetingKinds } from './cadence.ts';

const Day = z.iso.date().meta({ description: 'YYYY-MM-DD, in the association time zone' });
export const PartyMeetingKind = z.enum(partyMeetingKinds);

export const BranchInput = z.strictObject({ name: RequiredText(100) }).meta({ id: 'PartyBranchInput' });
export const Branch = z.object({ id: Id, name: z.string(), members: z.number() }).meta({ id: 'PartyBranch' });

export const MemberInput = z
  .strictObject({ branchId: Id, name: RequiredText(50), userId: Id.nullable().default(null), email: Email.optional().meta({ description: 'Link the account with this e-mail instead of giving userId' }), kind: z.enum(['full', 'probationary']).default('full'), joinedOn: Day.nullable().default(null) })
  .meta({ id: 'PartyMemberInput' });
export const MemberUpdate = z
  .strictObject({
    branchId: Id.optional(),
    name: RequiredText(50).optional(),
    kind: z.enum(['full', 'probationary']).optional(),
    joinedOn: Day.nullable().optional(),
    /** false: no longer a member (transferred out): kept for the record, not counted any more. */
    active: z.boolean().optional(),
    /** Link the account with this e-mail; null unlinks the account. */
    email: Email.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'validation.required' })
  .meta({ id: 'PartyMemberUpdate', description: 'The fields to change; the others stay' });
export const Member = z
  .object({ id: Id, branchId: z.string(), name: z.string(), userId: z.string().nullable(), kind: z.enum(['full', 'probationary']), joinedOn: z.string().nullable(), active: z.boolean() })
  .meta({ id: 'PartyMember' });

export const MemberDetail = Member.extend({ email: z.string().nullable().meta({ description: "The linked account's e-mail" }) }).meta({ id: 'PartyMemberDetail' });

export const PartyMeetingInput = z
  .strictObject({ branchId: Id, kind: PartyMeetingKind, title: RequiredText(200), heldOn: z.iso.datetime({ offset: true }), place: Text(200).default('') })
  .meta({ id: 'PartyMeetingInput' });
export const PartyMeetingUpdate = z.strictObject({ minutes: Text(20_000) }).meta({ id: 'PartyMeetingMinutes' });
export const PartyMeeting = z
  .object({
    id: Id,
    branchId: z.string(),
    kind: PartyMeetingKind,
    title: z.string(),
    heldOn: z.iso.datetime(),
    place: z.string(),
    minutes: z.string(),
    signedIn: z.number(),
    expected: z.number(),
    attendanceRate: z.number().nullable().meta({ description: 'Set when recorded; below 0.8 raises a compliance alert' }),
    recordedAt: z.iso.datetime().nullable(),
    /** The caller is a member of this branch and has signed in. */
    mySignIn: z.boolean(),
    canSignIn: z.boolean(),
    signIns: z.array(z.object({ memberId: z.string(), name: z.string(), at: z.iso.datetime() })),
  })
  .meta({ id: 'PartyMeeting' });
export const PartyMeetingQuery = z.strictObject({ branchId: Id.optional() });

export const CalendarQuery = z.strictObject({ branchId: Id.optional() });
export const Calendar = z
  .object({
    /** null when the association has no branch yet. */
    branchId: z.string().nullable(),
    kinds: z.array(
      z.object({
        kind: PartyMeetingKind,
        everyMonths: z.number(),
        state: z.enum(['ok', 'due', 'overdue']),
        dueBy: z.iso.datetime(),
        lastHeldOn: z.iso.datetime().nullable(),
        periods: z.array(z.object({ start: z.iso.datetime(), end: z.iso.datetime(), status: z.enum(['held', 'missed', 'due', 'upcoming']), meetings: z.number() })),
      }),
    ),
  })
  .meta({ id: 'PartyCalendar' });

export const StudyRecordInput = z
  .strictObject({ memberId: Id, title: RequiredText(200), hours: z.number().min(0.25).max(100), studiedOn: Day, notes: Text(2000).default('') })
  .meta({ id: 'PartyStudyRecordInput' });
export const StudyRecord = z
  .object({ id: Id, memberId: z.string(), memberName: z.string(), title: z.string(), hours: z.number(), studiedOn: z.string(), notes: z.string() })
  .meta({ id: 'PartyStudyRecord' });

export const PeriodQuery = z.strictObject({ from: Day.optional(), to: Day.optional() });
export const Ranking = z
  .object({ from: z.string(), to: z.string(), items: z.array(z.object({ memberId: z.string(), name: z.string(), meetings: z.number(), studyHours: z.number(), points: z.number(), rank: z.number() })) })
  .meta({ id: 'PartyRanking', description: '2 points per party meeting signed in, 1 per study hour' });

// Governance
export const MajorCategory = z.enum(['none', 'direction', 'project', 'spending']);
export const CouncilMeetingInput = z.strictObject({ title: RequiredText(200), heldOn: z.iso.datetime({ offset: true }) }).meta({ id: 'CouncilMeetingInput' });
export const MatterInput = z.strictObject({ title: RequiredText(300), majorCategory: MajorCategory.default('none') }).meta({ id: 'CouncilMatterInput' });
export const PreReviewInput = z.strictObject({ opinion: RequiredText(2000) }).meta({ id: 'CouncilMatterPreReview' });
export const VoteInput = z.strictObject({ choice: z.enum(['for', 'against', 'abstain']) }).meta({ id: 'CouncilVoteInput' });
export const DecisionInput = z.strictObject({ decision: z.enum(['approved', 'rejected']) }).meta({ id: 'CouncilDecisionInput' });
export const Matter = z
  .object({
    id: Id,
    councilMeetingId: z.string(),
    title: z.string(),
    majorCategory: MajorCategory,
    /** The category is one the settings count as major: the decision waits for the party branch's pre-review. */
    major: z.boolean(),
    preReview: z.object({ at: z.iso.datetime(), opinion: z.string() }).nullable(),
    decision: z.enum(['pending', 'approved', 'rejected']),
    decidedAt: z.iso.datetime().nullable(),
    votes: z.object({ for: z.number(), against: z.number(), abstain: z.number() }),
    myVote: z.enum(['for', 'against', 'abstain']).nullable(),
  })
  .meta({ id: 'CouncilMatter' });
export const CouncilMeeting = z.object({ id: Id, title: z.string(), heldOn: z.iso.datetime(), matters: z.array(Matter) }).meta({ id: 'CouncilMeeting' });
export const CouncilShare = z
  .object({ councilSize: z.number(), partyMembers: z.number(), share: z.number().nullable(), minimum: z.number(), ok: z.boolean() })
  .meta({ id: 'CouncilPartyShare', description: "The council's party-member share against the configured minimum" });
export const MajorMatterCategory = MajorCategory.exclude(['none']);
export const GovernanceSettingsInput = z
  .strictObject({
    /** Minimum share of party members on the council, 0–1 (default 0.5). */
    councilPartyShareMinimum: z.number().min(0).max(1),
    /** Which matter categories count as major (重大事项) and need the branch's pre-review; unchanged when left out. */
    majorCategories: z
      .array(MajorMatterCategory)
      .max(3)
      .transform((a) => [...new Set(a)])
      .optional(),
  })
  .meta({ id: 'GovernanceSettingsInput' });
export const GovernanceSettings = z
  .object({ councilPartyShareMinimum: z.number(), majorCategories: z.array(MajorMatterCategory), share: CouncilShare })
  .meta({ id: 'GovernanceSettings' });
