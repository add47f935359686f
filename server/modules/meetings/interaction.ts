import { IdParams } from '#schema/api/common.ts';
import { rooms } from '#schema/events.ts';
import { ChatInput, ChatMessage, Interaction, ModerationInput, Poll, PollInput, PollVoteInput, Question, QuestionInput } from '#schema/meetings/api.ts';
import type { ChatMessageView, MeetingLiveEvents, PollView, QuestionView } from '#schema/meetings/events.ts';
import { can } from '#schema/permissions.ts';
import { roles } from '#schema/roles.ts';
import { ApiError } from '../../http/errors.ts';
import { consumeOrRefuse } from '../../http/rate-limits.ts';
import { defineRoute, type RequestCtx, type Services } from '../../http/routes.ts';
import { findMeeting, meetingError, missing, type MeetingRow } from './service.ts';

/**
 * Live chat, moderated Q&A and polls. Messages are stored, then pushed to the meeting's Socket.IO
 * room (which browsers join after a permission check); questions waiting for moderation go only
 * to moderators and the asker.
 */

/** Per person across chat, questions and votes: a burst of 8 in 10 seconds, counted in Redis when there is one, so across every instance. */
export const LIVE_LIMIT = { keyPrefix: 'meeting-live', points: 8, duration: 10 };
export async function throttle(ctx: RequestCtx) {
  await consumeOrRefuse(ctx.services.rateLimiter(LIVE_LIMIT), `${ctx.auth.tenant.id}:${ctx.auth.user.id}`);
}

function pushLive<K extends keyof MeetingLiveEvents>(s: Services, room: string | string[], name: K, data: MeetingLiveEvents[K]) {
  for (const r of Array.isArray(room) ? room : [room]) s.push(r, 'domain:event', { name, data, at: new Date().toISOString() });
}
const meetingRoom = (m: { tenantId: string; id: string }) => rooms.entity(m.tenantId, 'meeting', m.id);
const moderatorRooms = (tenantId: string) => roles.filter((r) => can(r, 'meeting.manage')).map((r) => rooms.role(tenantId, r));

/** Who takes part: staff, speakers on the agenda and confirmed registrants. */
async function takesPart(ctx: RequestCtx, m: MeetingRow) {
  if (can(ctx.auth.role, 'meeting.manage')) return true;
  if (!can(ctx.auth.role, 'meeting.register')) return false;
  const reg = await ctx.db.meetingRegistration.findFirst({ where: { meetingId: m.id, userId: ctx.auth.user.id, status: 'confirmed' }, select: { id: true } });
  if (reg) return true;
  const agenda = await ctx.db.meetingAgendaItem.findMany({ where: { meetingId: m.id }, select: { speakers: true } });
  return agenda.some((a) => (a.speakers as { userId: string | null }[]).some((s) => s.userId === ctx.auth.user.id));
}
async function requireParticipant(ctx: RequestCtx, m: MeetingRow) {
  if (m.status === 'cancelled') throw meetingError(ctx.locale, 'conflict', 'meetingCancelled');
  if (!(await takesPart(ctx, m))) throw meetingError(ctx.locale, 'forbidden', 'notParticipant');
}

const chatView = (c: { id: string; userId: string; userName: string; body: string; createdAt: Date; hidden: boolean }): ChatMessageView => ({
  id: c.id,
  userId: c.userId,
  userName: c.userName,
  body: c.body,
  createdAt: c.createdAt.toISOString(),
  hidden: c.hidden,
});
const questionView = (q: { id: string; userId: string; userName: string; body: string; status: string; votes: number; createdAt: Date }): QuestionView => ({
  id: q.id,
  userId: q.userId,
  userName: q.userName,
  body: q.body,
  status: q.status as QuestionView['status'],
  votes: q.votes,
  createdAt: q.createdAt.toISOString(),
});

async function pollView(db: RequestCtx['db'], p: { id: string; question: string; options: string[]; status: string }): Promise<PollView> {
  const votes = await db.meetingPollVote.groupBy({ by: ['option'], where: { pollId: p.id }, _count: { _all: true } });
  const counts = p.options.map((_, i) => votes.find((v) => v.option === i)?._count._all ?? 0);
  return { id: p.id, question: p.question, options: p.options, status: p.status as 'open', counts, total: counts.reduce((a, b) => a + b, 0) };
}

function announceQuestion(s: Services, m: MeetingRow, q: QuestionView) {
  const data = { tenantId: m.tenantId, meetingId: m.id, question: q };
  if (q.status === 'approved' || q.status === 'answered') pushLive(s, meetingRoom(m), 'meeting.question.changed', data);
  else pushLive(s, [...moderatorRooms(m.tenantId), rooms.member(m.tenantId, q.userId)], 'meeting.question.changed', data);
}

async function findQuestion(ctx: RequestCtx, id: string) {
  const q = await ctx.db.meetingQuestion.findFirst({ where: { id } });
  if (!q) throw missing(ctx.locale, 'question');
  return { q, m: await findMeeting(ctx, q.meetingId) };
}
async function findPoll(ctx: RequestCtx, id: string) {
  const p = await ctx.db.meetingPoll.findFirst({ where: { id } });
  if (!p) throw missing(ctx.locale, 'poll');
  return { p, m: await findMeeting(ctx, p.meetingId) };
}

export const interactionRoutes = [
  defineRoute({
    method: 'get',
    path: '/meetings/{id}/interaction',
    tag: 'meetings',
    summary: 'Chat, Q&A and polls of a meeting as they stand (then live in the meeting room over Socket.IO)',
    access: 'meeting.read',
    resource: 'meeting',
    params: IdParams,
    response: Interaction,
    async handler({ params, ctx }) {
      const m = await findMeeting(ctx, params.id);
      const moderator = can(ctx.auth.role, 'meeting.manage');
      const me = ctx.auth.user.id;
      // Hidden messages are gone for attendees; moderators still see them, marked.
      const chat = (await ctx.db.meetingChatMessage.findMany({ where: { meetingId: m.id, ...(moderator ? {} : { hidden: false }) }, orderBy: { createdAt: 'desc' }, take: 100 })).reverse();
      const questions = await ctx.db.meetingQuestion.findMany({
        where: { meetingId: m.id, ...(moderator ? {} : { OR: [{ status: { in: ['approved', 'answered'] } }, { userId: me }] }) },
        orderBy: [{ votes: 'desc' }, { createdAt: 'asc' }],
        take: 300,
      });
      const myVotes = new Set((await ctx.db.meetingQuestionVote.findMany({ where: { userId: me, questionId: { in: questions.map((q) => q.id) } } })).map((v) => v.questionId));
      const polls = await ctx.db.meetingPoll.findMany({ where: { meetingId: m.id }, orderBy: { createdAt: 'desc' }, take: 20 });
      const mine = await ctx.db.meetingPollVote.findMany({ where: { userId: me, pollId: { in: polls.map((p) => p.id) } } });
      return {
        chat: chat.map(chatView),
        questions: questions.map((q) => ({ ...questionView(q), votedByMe: myVotes.has(q.id) })),
        polls: await Promise.all(polls.map(async (p) => ({ ...(await pollView(ctx.db, p)), myVote: mine.find((v) => v.pollId === p.id)?.option ?? null }))),
        canTakePart: m.status !== 'cancelled' && (await takesPart(ctx, m)),
        canModerate: moderator,
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meetings/{id}/chat',
    tag: 'meetings',
    summary: 'Send a chat message to everyone in the meeting (rate-limited per person)',
    access: 'meeting.register',
    resource: 'meeting',
    params: IdParams,
    body: ChatInput,
    response: ChatMessage,
    status: 201,
    async handler({ params, body, ctx }) {
      const m = await findMeeting(ctx, params.id);
      await requireParticipant(ctx, m);
      await throttle(ctx);
      const row = await ctx.write((tx) =>
        tx.meetingChatMessage.create({ data: { meetingId: m.id, userId: ctx.auth.user.id, userName: ctx.auth.user.name || ctx.auth.user.email, body: body.body } as never }),
      );
      const message = chatView(row);
      pushLive(ctx.services, meetingRoom(m), 'meeting.chat.posted', { tenantId: m.tenantId, meetingId: m.id, message });
      return message;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meeting-chat/{id}/hide',
    tag: 'meetings',
    summary: 'Hide a chat message (moderators): it disappears live for everyone and from attendees\' history; audited',
    access: 'meeting.manage',
    resource: 'meetingChatMessage',
    params: IdParams,
    response: ChatMessage,
    async handler({ params, ctx }) {
      const c = await ctx.db.meetingChatMessage.findFirst({ where: { id: params.id } });
      if (!c) throw missing(ctx.locale, 'chatMessage');
      const m = await findMeeting(ctx, c.meetingId);
      if (c.hidden) return chatView(c);
      const hidden = await ctx.write(async (tx) => {
        const row = await tx.meetingChatMessage.update({ where: { id: c.id }, data: { hidden: true, hiddenAt: new Date(), hiddenById: ctx.auth.user.id } });
        // Chat rows carry no audit trigger (volume); a moderation is recorded explicitly, in the same transaction.
        await tx.auditLog.create({
          data: {
            tenantId: m.tenantId,
            actorId: ctx.auth.user.id,
            action: 'hide',
            entity: 'MeetingChatMessage',
            entityId: c.id,
            changed: ['hidden'],
            before: { hidden: false, body: c.body, userId: c.userId },
            after: { hidden: true, meetingId: m.id },
            requestId: ctx.requestId,
          } as never,
        });
        return row;
      });
      pushLive(ctx.services, meetingRoom(m), 'meeting.chat.hidden', { tenantId: m.tenantId, meetingId: m.id, messageId: c.id });
      return chatView(hidden);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meetings/{id}/questions',
    tag: 'meetings',
    summary: 'Ask the speakers a question; others see it once a moderator approves it',
    access: 'meeting.register',
    resource: 'meeting',
    params: IdParams,
    body: QuestionInput,
    response: Question,
    status: 201,
    async handler({ params, body, ctx }) {
      const m = await findMeeting(ctx, params.id);
      await requireParticipant(ctx, m);
      await throttle(ctx);
      const row = await ctx.write((tx) =>
        tx.meetingQuestion.create({ data: { meetingId: m.id, userId: ctx.auth.user.id, userName: ctx.auth.user.name || ctx.auth.user.email, body: body.body } as never }),
      );
      const q = questionView(row);
      announceQuestion(ctx.services, m, q);
      return { ...q, votedByMe: false };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meeting-questions/{id}/vote',
    tag: 'meetings',
    summary: 'Upvote an approved question (once per person; voting again changes nothing)',
    access: 'meeting.register',
    resource: 'meetingQuestion',
    params: IdParams,
    response: Question,
    async handler({ params, ctx }) {
      const { q, m } = await findQuestion(ctx, params.id);
      await requireParticipant(ctx, m);
      if (q.status !== 'approved') throw meetingError(ctx.locale, 'conflict', 'questionClosed');
      await throttle(ctx);
      const me = ctx.auth.user.id;
      const updated = await ctx.write(async (tx) => {
        const already = await tx.meetingQuestionVote.findFirst({ where: { questionId: q.id, userId: me } });
        if (already) return tx.meetingQuestion.findFirstOrThrow({ where: { id: q.id } });
        await tx.meetingQuestionVote.create({ data: { questionId: q.id, userId: me } as never });
        return tx.meetingQuestion.update({ where: { id: q.id }, data: { votes: { increment: 1 } } });
      });
      const view = questionView(updated);
      announceQuestion(ctx.services, m, view);
      return { ...view, votedByMe: true };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meeting-questions/{id}/moderation',
    tag: 'meetings',
    summary: 'Approve or reject a question, or mark it answered (moderators)',
    access: 'meeting.manage',
    resource: 'meetingQuestion',
    params: IdParams,
    body: ModerationInput,
    response: Question,
    async handler({ params, body, ctx }) {
      const { q, m } = await findQuestion(ctx, params.id);
      const status = body.action === 'approve' ? 'approved' : body.action === 'reject' ? 'rejected' : 'answered';
      const updated = await ctx.write((tx) => tx.meetingQuestion.update({ where: { id: q.id }, data: { status, ...(status === 'answered' ? { answeredAt: new Date() } : {}) } }));
      const view = questionView(updated);
      announceQuestion(ctx.services, m, view);
      return { ...view, votedByMe: false };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meetings/{id}/polls',
    tag: 'meetings',
    summary: 'Open a live poll (moderators)',
    access: 'meeting.manage',
    resource: 'meeting',
    params: IdParams,
    body: PollInput,
    response: Poll,
    status: 201,
    async handler({ params, body, ctx }) {
      const m = await findMeeting(ctx, params.id);
      const p = await ctx.write((tx) => tx.meetingPoll.create({ data: { meetingId: m.id, question: body.question, options: body.options } as never }));
      const view = await pollView(ctx.db, p);
      pushLive(ctx.services, meetingRoom(m), 'meeting.poll.changed', { tenantId: m.tenantId, meetingId: m.id, poll: view });
      return { ...view, myVote: null };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meeting-polls/{id}/vote',
    tag: 'meetings',
    summary: 'Vote in an open poll (once per person); everyone in the meeting sees the new results',
    access: 'meeting.register',
    resource: 'meetingPoll',
    params: IdParams,
    body: PollVoteInput,
    response: Poll,
    async handler({ params, body, ctx }) {
      const { p, m } = await findPoll(ctx, params.id);
      await requireParticipant(ctx, m);
      if (p.status !== 'open') throw meetingError(ctx.locale, 'conflict', 'pollClosed');
      if (body.option >= p.options.length) throw new ApiError('validation_failed', {}, [{ path: 'body.option', code: 'too_big', message: String(p.options.length - 1) }]);
      await throttle(ctx);
      const me = ctx.auth.user.id;
      const mine = await ctx.db.meetingPollVote.findFirst({ where: { pollId: p.id, userId: me } });
      if (mine) throw meetingError(ctx.locale, 'conflict', 'alreadyVoted');
      await ctx.write((tx) => tx.meetingPollVote.create({ data: { pollId: p.id, userId: me, option: body.option } as never }));
      const view = await pollView(ctx.db, p);
      pushLive(ctx.services, meetingRoom(m), 'meeting.poll.changed', { tenantId: m.tenantId, meetingId: m.id, poll: view });
      return { ...view, myVote: body.option };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/meeting-polls/{id}/close',
    tag: 'meetings',
    summary: 'Close a poll (moderators); its results stay',
    access: 'meeting.manage',
    resource: 'meetingPoll',
    params: IdParams,
    response: Poll,
    async handler({ params, ctx }) {
      const { p, m } = await findPoll(ctx, params.id);
      const closed = await ctx.write((tx) => tx.meetingPoll.update({ where: { id: p.id }, data: { status: 'closed' } }));
      const view = await pollView(ctx.db, closed);
      pushLive(ctx.services, meetingRoom(m), 'meeting.poll.changed', { tenantId: m.tenantId, meetingId: m.id, poll: view });
      return { ...view, myVote: null };
    },
  }),
];

