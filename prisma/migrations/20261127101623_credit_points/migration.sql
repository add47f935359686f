-- CreateTable
CREATE TABLE "CreditRules" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "baseScore" INTEGER NOT NULL DEFAULT 80,
    "weights" JSONB NOT NULL,
    "decayHalfLifeDays" INTEGER,
    "gradeA" INTEGER NOT NULL DEFAULT 90,
    "gradeB" INTEGER NOT NULL DEFAULT 75,
    "gradeC" INTEGER NOT NULL DEFAULT 60,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CreditRules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditEntry" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" TEXT,
    "points" INTEGER,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "sourceEvent" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "link" TEXT,
    "userId" TEXT,
    "evidence" TEXT,
    "fileId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditStanding" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "grade" TEXT NOT NULL,
    "entries" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CreditStanding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditGradeChange" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "fromGrade" TEXT,
    "toGrade" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "cause" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditGradeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PointsRules" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "meetingAttended" INTEGER NOT NULL DEFAULT 10,
    "standardLeader" INTEGER NOT NULL DEFAULT 30,
    "standardAuthor" INTEGER NOT NULL DEFAULT 20,
    "standardCommenter" INTEGER NOT NULL DEFAULT 5,
    "standardVoter" INTEGER NOT NULL DEFAULT 5,
    "expertServiceHour" INTEGER NOT NULL DEFAULT 8,
    "duesOnTime" INTEGER NOT NULL DEFAULT 20,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PointsRules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PointsEntry" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT,
    "memberId" TEXT,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "sourceEvent" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "link" TEXT,
    "reason" TEXT,
    "createdById" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PointsEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CreditRules_tenantId_key" ON "CreditRules"("tenantId");

-- CreateIndex
CREATE INDEX "CreditEntry_tenantId_memberId_occurredAt_idx" ON "CreditEntry"("tenantId", "memberId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "CreditEntry_tenantId_sourceEvent_sourceId_key" ON "CreditEntry"("tenantId", "sourceEvent", "sourceId");

-- CreateIndex
CREATE INDEX "CreditStanding_tenantId_grade_score_idx" ON "CreditStanding"("tenantId", "grade", "score");

-- CreateIndex
CREATE UNIQUE INDEX "CreditStanding_tenantId_memberId_key" ON "CreditStanding"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "CreditGradeChange_tenantId_memberId_at_idx" ON "CreditGradeChange"("tenantId", "memberId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "PointsRules_tenantId_key" ON "PointsRules"("tenantId");

-- CreateIndex
CREATE INDEX "PointsEntry_tenantId_occurredAt_idx" ON "PointsEntry"("tenantId", "occurredAt");

-- CreateIndex
CREATE INDEX "PointsEntry_tenantId_userId_occurredAt_idx" ON "PointsEntry"("tenantId", "userId", "occurredAt");

-- CreateIndex
CREATE INDEX "PointsEntry_tenantId_memberId_occurredAt_idx" ON "PointsEntry"("tenantId", "memberId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "PointsEntry_tenantId_sourceEvent_sourceId_key" ON "PointsEntry"("tenantId", "sourceEvent", "sourceId");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('CreditRules');
SELECT xh_audit_attach('CreditEntry');
SELECT xh_audit_attach('CreditGradeChange');
SELECT xh_audit_attach('PointsRules');
SELECT xh_audit_attach('PointsEntry');
