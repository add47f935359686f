-- CreateTable
CREATE TABLE "ExpertProfile" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "title" TEXT,
    "certificates" TEXT[],
    "fieldTags" TEXT[],
    "tagPaths" TEXT[],
    "employer" TEXT,
    "employerCreditCode" TEXT,
    "region" TEXT,
    "bio" TEXT,
    "available" BOOLEAN NOT NULL DEFAULT true,
    "maxReviewsPerPeriod" INTEGER NOT NULL DEFAULT 6,
    "periodDays" INTEGER NOT NULL DEFAULT 90,
    "searchTokens" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExpertProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertRelationship" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "personName" TEXT,
    "organization" TEXT,
    "creditCode" TEXT,
    "email" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertRelationship_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertInvitation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT,
    "dueAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "declineReason" TEXT,
    "respondedAt" TIMESTAMP(3),
    "invitedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExpertInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertServiceRecord" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "invitationId" TEXT,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "hours" DOUBLE PRECISION NOT NULL,
    "rating" INTEGER,
    "comment" TEXT,
    "servedOn" TIMESTAMP(3) NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertServiceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExpertProfile_tenantId_name_idx" ON "ExpertProfile"("tenantId", "name");

-- CreateIndex
CREATE INDEX "ExpertProfile_tagPaths_idx" ON "ExpertProfile" USING GIN ("tagPaths");

-- CreateIndex
CREATE INDEX "ExpertProfile_searchTokens_idx" ON "ExpertProfile" USING GIN ("searchTokens");

-- CreateIndex
CREATE UNIQUE INDEX "ExpertProfile_tenantId_userId_key" ON "ExpertProfile"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "ExpertRelationship_tenantId_expertId_idx" ON "ExpertRelationship"("tenantId", "expertId");

-- CreateIndex
CREATE INDEX "ExpertInvitation_tenantId_expertId_createdAt_idx" ON "ExpertInvitation"("tenantId", "expertId", "createdAt");

-- CreateIndex
CREATE INDEX "ExpertInvitation_tenantId_status_idx" ON "ExpertInvitation"("tenantId", "status");

-- CreateIndex
CREATE INDEX "ExpertServiceRecord_tenantId_expertId_servedOn_idx" ON "ExpertServiceRecord"("tenantId", "expertId", "servedOn");

-- CreateIndex
CREATE INDEX "ExpertServiceRecord_tenantId_servedOn_idx" ON "ExpertServiceRecord"("tenantId", "servedOn");

-- AddForeignKey
ALTER TABLE "ExpertRelationship" ADD CONSTRAINT "ExpertRelationship_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "ExpertProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertInvitation" ADD CONSTRAINT "ExpertInvitation_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "ExpertProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertServiceRecord" ADD CONSTRAINT "ExpertServiceRecord_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "ExpertProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('ExpertProfile');
SELECT xh_audit_attach('ExpertRelationship');
SELECT xh_audit_attach('ExpertInvitation');
SELECT xh_audit_attach('ExpertServiceRecord');
