-- CreateTable
CREATE TABLE "PartyBranch" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartyBranch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartyMember" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "branchId" TEXT NOT NULL,
    "userId" TEXT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'full',
    "joinedOn" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartyMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartyMeeting" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "branchId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "heldOn" TIMESTAMP(3) NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "minutes" TEXT NOT NULL DEFAULT '',
    "attendanceRate" DOUBLE PRECISION,
    "expected" INTEGER,
    "recordedAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartyMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartySignIn" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "signedInAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartySignIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartyStudyRecord" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "studiedOn" TIMESTAMP(3) NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartyStudyRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GovernanceSettings" (
    "tenantId" TEXT NOT NULL,
    "councilPartyShareMinimum" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GovernanceSettings_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "CouncilMeeting" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "heldOn" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CouncilMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CouncilMatter" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "councilMeetingId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "majorCategory" TEXT NOT NULL DEFAULT 'none',
    "preReviewedAt" TIMESTAMP(3),
    "preReviewOpinion" TEXT,
    "preReviewedById" TEXT,
    "decision" TEXT NOT NULL DEFAULT 'pending',
    "decidedAt" TIMESTAMP(3),
    "votesFor" INTEGER NOT NULL DEFAULT 0,
    "votesAgainst" INTEGER NOT NULL DEFAULT 0,
    "votesAbstain" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CouncilMatter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CouncilVote" (
    "tenantId" TEXT NOT NULL,
    "matterId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CouncilVote_pkey" PRIMARY KEY ("tenantId","matterId","userId")
);

-- CreateIndex
CREATE INDEX "PartyBranch_tenantId_idx" ON "PartyBranch"("tenantId");

-- CreateIndex
CREATE INDEX "PartyMember_tenantId_branchId_idx" ON "PartyMember"("tenantId", "branchId");

-- CreateIndex
CREATE UNIQUE INDEX "PartyMember_tenantId_userId_key" ON "PartyMember"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "PartyMeeting_tenantId_branchId_kind_heldOn_idx" ON "PartyMeeting"("tenantId", "branchId", "kind", "heldOn");

-- CreateIndex
CREATE UNIQUE INDEX "PartySignIn_tenantId_meetingId_memberId_key" ON "PartySignIn"("tenantId", "meetingId", "memberId");

-- CreateIndex
CREATE INDEX "PartyStudyRecord_tenantId_studiedOn_idx" ON "PartyStudyRecord"("tenantId", "studiedOn");

-- CreateIndex
CREATE INDEX "CouncilMeeting_tenantId_heldOn_idx" ON "CouncilMeeting"("tenantId", "heldOn");

-- CreateIndex
CREATE INDEX "CouncilMatter_tenantId_councilMeetingId_idx" ON "CouncilMatter"("tenantId", "councilMeetingId");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('PartyBranch');
SELECT xh_audit_attach('PartyMember');
SELECT xh_audit_attach('PartyMeeting');
SELECT xh_audit_attach('PartySignIn');
SELECT xh_audit_attach('PartyStudyRecord');
SELECT xh_audit_attach('GovernanceSettings');
SELECT xh_audit_attach('CouncilMeeting');
SELECT xh_audit_attach('CouncilMatter');
SELECT xh_audit_attach('CouncilVote');
