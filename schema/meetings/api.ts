import { z } from 'zod';
import { Id, RequiredText, Text } from '../api/common.ts';
import { FormField, FormFields } from './form.ts';

export const MeetingFormat = z.enum(['onsite', 'online', 'hybrid']);
export const Audience = z.enum(['members', 'tagged', 'public']);
export const RegistrationStatus = z.enum(['pending', 'confirmed', 'waitlisted', 'rejected', 'cancelled']);

export const Speaker = z.object({ name: RequiredText(100), userId: Id.nullable().default(null), affiliation: Text(200).nullable().default(null) });

export const AgendaItemInput = z.strictObject({
  title: RequiredText(200),
  startsAt: z.iso.datetime({ offset: true }).nullable().default(null),
  durationMinutes: z.number().int().min(1).max(24 * 60).nullable().default(null),
  speakers: z.array(Speaker).max(20).default([]),
});

const MeetingFieldsInput = z.strictObject({
  title: RequiredText(200),
  description: Text(5000).default(''),
  format: MeetingFormat,
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  venue: z.strictObject({ name: RequiredText(200), address: Text(300).nullable().default(null), scenicArea: z.boolean().default(false) }).nullable().default(null),
  /** Seats; null means no limit. */
  capacity: z.number().int().min(1).max(100_000).nullable().default(null),
  registrationOpensAt: z.iso.datetime({ offset: true }).nullable().default(null),
  registrationClosesAt: z.iso.datetime({ offset: true }).nullable().default(null),
  requiresApproval: z.boolean().default(false),
  audience: Audience.default('members'),
  audienceTags: z.array(RequiredText(50)).max(20).default([]),
  formFields: FormFields.default([]),
  /** Minutes of online watching that count as attendance. */
  attendanceMinutes: z.number().int().min(1).max(24 * 60).default(30),
  agenda: z.array(AgendaItemInput).max(100).default([]),
});

const checkMeeting = (m: { startsAt: string; endsAt: string; format: string; venue: unknown; registrationOpensAt: string | null; registrationClosesAt: string | null }, ctx: z.RefinementCtx) => {
  if (Date.parse(m.endsAt) <= Date.parse(m.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'validation.required', input: m.endsAt });
  if (m.format !== 'online' && !m.venue) ctx.addIssue({ code: 'custom', path: ['venue'], message: 'validation.required', input: m.venue });
  if (m.registrationOpensAt && m.registrationClosesAt && Date.parse(m.registrationClosesAt) <= Date.parse(m.registrationOpensAt))
    ctx.addIssue({ code: 'custom', path: ['registrationClosesAt'], message: 'validation.required', input: m.registrationClosesAt });
};

export const CreateMeetingInput = MeetingFieldsInput.superRefine(checkMeeting).meta({ id: 'CreateMeetingInput' });
export const UpdateMeetingInput = MeetingFieldsInput.superRefine(checkMeeting).meta({ id: 'UpdateMeetingInput', description: 'The whole meeting as it should now be' });

export const AgendaItem = z.object({
  id: Id,
  title: z.string(),
  startsAt: z.iso.datetime().nullable(),
  durationMinutes: z.number().nullable(),
  speakers: z.array(z.object({ name: z.string(), userId: z.string().nullable(), affiliation: z.string().nullable() })),
});

export const Counts = z
  .object({ confirmed: z.number(), pending: z.number(), waitlisted: z.number(), checkedIn: z.number(), capacity: z.number().nullable() })
  .meta({ id: 'MeetingCounts' });

export const MeetingSummary = z
  .object({
    id: Id,
    title: z.string(),
    format: MeetingFormat,
    status: z.enum(['scheduled', 'cancelled']),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    venue: z.object({ name: z.string(), address: z.string().nullable(), scenicArea: z.boolean() }).nullable(),
    audience: Audience,
    counts: Counts,
    /** The caller's own registration status, if any. */
    myStatus: RegistrationStatus.nullable(),
    /** Set when the meeting was called off: why and when. */
    cancellation: z.object({ reason: z.string(), at: z.iso.datetime() }).nullable(),
  })
  .meta({ id: 'MeetingSummary' });

export const CancelMeetingInput = z
  .strictObject({ reason: RequiredText(500) })
  .meta({ id: 'CancelMeetingInput', description: 'Why the meeting is called off; registrants are told' });

export const MyRegistration = z
  .object({
    id: Id,
    status: RegistrationStatus,
    code: z.string(),
    /** The QR code of `code`, as an SVG data URL. */
    qr: z.string(),
    waitlistPosition: z.number().nullable(),
    answers: z.record(z.string(), z.unknown()),
    checkedInAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'MyMeetingRegistration' });

export const Meeting = MeetingSummary.extend({
  description: z.string(),
  capacity: z.number().nullable(),
  registrationOpensAt: z.iso.datetime().nullable(),
  registrationClosesAt: z.iso.datetime().nullable(),
  requiresApproval: z.boolean(),
  audienceTags: z.array(z.string()),
  formFields: z.array(FormField),
  attendanceMinutes: z.number(),
  agenda: z.array(AgendaItem),
  /** Whether registration is open now. */
  registrationOpen: z.boolean(),
  mine: MyRegistration.nullable(),
  /** LiveKit is configured on this server. */
  videoConfigured: z.boolean(),
  /** The caller attended and the meeting is over: the satisfaction survey is theirs to answer (once). */
  survey: z.object({ open: z.boolean(), answered: z.boolean() }),
}).meta({ id: 'Meeting' });

export const Registration = z
  .object({
    id: Id,
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    status: RegistrationStatus,
    answers: z.record(z.string(), z.unknown()),
    code: z.string(),
    checkedInAt: z.iso.datetime().nullable(),
    watchMinutes: z.number(),
    attended: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'MeetingRegistration' });

export const RegisterInput = z.strictObject({ answers: z.record(z.string(), z.unknown()).default({}) }).meta({ id: 'MeetingRegisterInput' });

export const RegistrationQuery = z.strictObject({
  /** Name, e-mail or badge code. */
  q: Text(100).optional(),
  status: RegistrationStatus.optional(),
});

export const DecisionInput = z.strictObject({ decision: z.enum(['approve', 'reject', 'cancel']) }).meta({ id: 'MeetingRegistrationDecision' });

export const CheckInInput = z
  .strictObject({ code: RequiredText(64).optional(), registrationId: Id.optional() })
  .refine((v) => !!v.code !== !!v.registrationId, { message: 'validation.required' })
  .meta({ id: 'MeetingCheckInInput', description: 'The scanned badge code, or the registration picked by search' });

export const CheckInResult = z
  .object({ registration: Registration, alreadyCheckedIn: z.boolean(), counts: Counts })
  .meta({ id: 'MeetingCheckInResult' });

export const MeetingListQuery = z.strictObject({ when: z.enum(['upcoming', 'past', 'all']).default('upcoming') });

/** The dashboard widget: meetings running now and the next ones, with registrations and check-ins. */
export interface MeetingsWidgetData {
  upcoming: number;
  meetings: { id: string; title: string; startsAt: string; live: boolean; capacity: number | null; confirmed: number; waitlisted: number; pending: number; checkedIn: number }[];
}

export const LiveToken = z
  .object({
    url: z.string().meta({ description: 'LiveKit server URL to connect to' }),
    room: z.string(),
    token: z.string().meta({ description: 'Join token (JWT) for this person and room' }),
    role: z.enum(['host', 'speaker', 'attendee']),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'MeetingLiveToken' });

export const Egress = z
  .object({
    egressId: z.string(),
    kind: z.enum(['recording', 'stream']),
    status: z.string(),
    startedAt: z.iso.datetime().nullable(),
    endedAt: z.iso.datetime().nullable(),
    files: z.array(z.object({ filename: z.string(), location: z.string(), durationSeconds: z.number() })),
  })
  .meta({ id: 'MeetingEgress' });

export const EgressInput = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('record') }),
    z.strictObject({ action: z.literal('stream'), rtmpUrls: z.array(z.string().trim().regex(/^rtmps?:\/\/\S+$/).max(500)).min(1).max(5) }),
    z.strictObject({ action: z.literal('stop'), egressId: z.string().trim().min(1).max(100) }),
  ])
  .meta({ id: 'MeetingEgressInput', description: 'Start a recording, start RTMP streaming, or stop one of them' });

export const ChatInput = z.strictObject({ body: RequiredText(500) }).meta({ id: 'MeetingChatInput' });
export const QuestionInput = z.strictObject({ body: RequiredText(500) }).meta({ id: 'MeetingQuestionInput' });
export const ModerationInput = z.strictObject({ action: z.enum(['approve', 'reject', 'answered']) }).meta({ id: 'MeetingQuestionModeration' });
export const PollInput = z
  .strictObject({ question: RequiredText(200), options: z.array(RequiredText(100)).min(2).max(10) })
  .meta({ id: 'MeetingPollInput' });
export const PollVoteInput = z.strictObject({ option: z.number().int().min(0).max(9) }).meta({ id: 'MeetingPollVote' });

export const ChatMessage = z
  .object({
    id: Id,
    userId: z.string(),
    userName: z.string(),
    body: z.string(),
    createdAt: z.iso.datetime(),
    /** Hidden by a moderator; only moderators still receive such a message (marked). */
    hidden: z.boolean(),
  })
  .meta({ id: 'MeetingChatMessage' });
export const Question = z
  .object({ id: Id, userId: z.string(), userName: z.string(), body: z.string(), status: z.enum(['pending', 'approved', 'rejected', 'answered']), votes: z.number(), createdAt: z.iso.datetime(), votedByMe: z.boolean() })
  .meta({ id: 'MeetingQuestion' });
export const Poll = z
  .object({ id: Id, question: z.string(), options: z.array(z.string()), status: z.enum(['open', 'closed']), counts: z.array(z.number()), total: z.number(), myVote: z.number().nullable() })
  .meta({ id: 'MeetingPoll' });
export const Interaction = z
  .object({ chat: z.array(ChatMessage), questions: z.array(Question), polls: z.array(Poll), canTakePart: z.boolean(), canModerate: z.boolean() })
  .meta({ id: 'MeetingInteraction', description: 'Chat (latest 100), questions the caller may see, polls with results' });

const Score = z.number().int().min(1).max(5);
export const SurveyInput = z
  .strictObject({ overall: Score, content: Score, organisation: Score, comment: Text(2000).default('') })
  .meta({ id: 'MeetingSurveyInput', description: 'Satisfaction 1–5 overall, with the content and with the organisation' });

export const SurveyReport = z
  .object({
    sentAt: z.iso.datetime().nullable(),
    attendees: z.number(),
    responses: z.number(),
    responseRate: z.number().meta({ description: '0–1' }),
    averages: z.object({ overall: z.number().nullable(), content: z.number().nullable(), organisation: z.number().nullable() }),
    /** Answers per score 1..5. */
    distribution: z.object({ overall: z.array(z.number()), content: z.array(z.number()), organisation: z.array(z.number()) }),
    comments: z.array(z.object({ name: z.string(), comment: z.string(), overall: z.number() })),
    nonRespondents: z.array(z.object({ registrationId: z.string(), name: z.string(), email: z.string() })),
  })
  .meta({ id: 'MeetingSurveyReport' });

export const ReportExportQuery = z.strictObject({ format: z.enum(['xlsx', 'pdf']).default('xlsx') });

/** A meeting open to the public, as the portal shows it (no attendee data). */
export const PublicMeeting = z
  .object({
    id: Id,
    title: z.string(),
    description: z.string(),
    format: MeetingFormat,
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    venue: z.object({ name: z.string(), address: z.string().nullable() }).nullable(),
    seatsLeft: z.number().nullable(),
  })
  .meta({ id: 'PublicMeeting' });
export const PortalTenantParam = z.strictObject({ tenant: z.string().regex(/^[a-z0-9-]{1,63}$/) });
