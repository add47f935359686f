-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "venueName" TEXT,
    "venueAddress" TEXT,
    "venueScenicArea" BOOLEAN NOT NULL DEFAULT false,
    "capacity" INTEGER,
    "registrationOpensAt" TIMESTAMP(3),
    "registrationClosesAt" TIMESTAMP(3),
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "audience" TEXT NOT NULL DEFAULT 'members',
    "audienceTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "formFields" JSONB NOT NULL DEFAULT '[]',
    "attendanceMinutes" INTEGER NOT NULL DEFAULT 30,
    "liveRoom" TEXT,
    "surveySentAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingAgendaItem" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3),
    "durationMinutes" INTEGER,
    "speakers" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "MeetingAgendaItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingRegistration" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "checkedInAt" TIMESTAMP(3),
    "checkedInById" TEXT,
    "watchSeconds" INTEGER NOT NULL DEFAULT 0,
    "attendedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MeetingRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingWatchSession" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "participant" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL,
    "leftAt" TIMESTAMP(3),

    CONSTRAINT "MeetingWatchSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingChatMessage" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingChatMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingQuestion" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "votes" INTEGER NOT NULL DEFAULT 0,
    "answeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingQuestionVote" (
    "tenantId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingQuestionVote_pkey" PRIMARY KEY ("tenantId","questionId","userId")
);

-- CreateTable
CREATE TABLE "MeetingPoll" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "options" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingPoll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingPollVote" (
    "tenantId" TEXT NOT NULL,
    "pollId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "option" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingPollVote_pkey" PRIMARY KEY ("tenantId","pollId","userId")
);

-- CreateTable
CREATE TABLE "MeetingSurveyResponse" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "overall" INTEGER NOT NULL,
    "content" INTEGER NOT NULL,
    "organisation" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingSurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Meeting_tenantId_startsAt_idx" ON "Meeting"("tenantId", "startsAt");

-- CreateIndex
CREATE INDEX "MeetingAgendaItem_tenantId_meetingId_position_idx" ON "MeetingAgendaItem"("tenantId", "meetingId", "position");

-- CreateIndex
CREATE INDEX "MeetingRegistration_tenantId_meetingId_status_createdAt_idx" ON "MeetingRegistration"("tenantId", "meetingId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingRegistration_tenantId_meetingId_userId_key" ON "MeetingRegistration"("tenantId", "meetingId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingRegistration_tenantId_code_key" ON "MeetingRegistration"("tenantId", "code");

-- CreateIndex
CREATE INDEX "MeetingWatchSession_tenantId_meetingId_userId_idx" ON "MeetingWatchSession"("tenantId", "meetingId", "userId");

-- CreateIndex
CREATE INDEX "MeetingChatMessage_tenantId_meetingId_createdAt_idx" ON "MeetingChatMessage"("tenantId", "meetingId", "createdAt");

-- CreateIndex
CREATE INDEX "MeetingQuestion_tenantId_meetingId_createdAt_idx" ON "MeetingQuestion"("tenantId", "meetingId", "createdAt");

-- CreateIndex
CREATE INDEX "MeetingPoll_tenantId_meetingId_idx" ON "MeetingPoll"("tenantId", "meetingId");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingSurveyResponse_tenantId_meetingId_userId_key" ON "MeetingSurveyResponse"("tenantId", "meetingId", "userId");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('Meeting');
SELECT xh_audit_attach('MeetingAgendaItem');
SELECT xh_audit_attach('MeetingRegistration');
SELECT xh_audit_attach('MeetingQuestion');
SELECT xh_audit_attach('MeetingPoll');
SELECT xh_audit_attach('MeetingSurveyResponse');
