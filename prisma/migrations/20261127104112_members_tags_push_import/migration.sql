-- CreateTable
CREATE TABLE "MemberTag" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL DEFAULT 'custom',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberTag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberTagging" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberTagging_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberPush" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "link" TEXT,
    "query" JSONB NOT NULL,
    "sentById" TEXT NOT NULL,
    "sentByName" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberPush_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberPushRecipient" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "pushId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "memberName" TEXT NOT NULL,
    "userIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "deliveredAt" TIMESTAMP(3),
    "readAt" TIMESTAMP(3),
    "readById" TEXT,
    "readByName" TEXT,

    CONSTRAINT "MemberPushRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberImport" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'uploaded',
    "headers" JSONB NOT NULL,
    "rows" JSONB NOT NULL,
    "mapping" JSONB,
    "defaultLevelId" TEXT,
    "problems" JSONB,
    "importedCount" INTEGER NOT NULL DEFAULT 0,
    "skippedCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MemberTag_tenantId_category_idx" ON "MemberTag"("tenantId", "category");

-- CreateIndex
CREATE UNIQUE INDEX "MemberTag_tenantId_name_key" ON "MemberTag"("tenantId", "name");

-- CreateIndex
CREATE INDEX "MemberTagging_tenantId_tagId_idx" ON "MemberTagging"("tenantId", "tagId");

-- CreateIndex
CREATE UNIQUE INDEX "MemberTagging_memberId_tagId_key" ON "MemberTagging"("memberId", "tagId");

-- CreateIndex
CREATE INDEX "MemberPush_tenantId_sentAt_idx" ON "MemberPush"("tenantId", "sentAt");

-- CreateIndex
CREATE INDEX "MemberPushRecipient_tenantId_pushId_idx" ON "MemberPushRecipient"("tenantId", "pushId");

-- CreateIndex
CREATE UNIQUE INDEX "MemberPushRecipient_pushId_memberId_key" ON "MemberPushRecipient"("pushId", "memberId");

-- CreateIndex
CREATE INDEX "MemberImport_tenantId_createdAt_idx" ON "MemberImport"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "MemberTagging" ADD CONSTRAINT "MemberTagging_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "MemberTag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberTagging" ADD CONSTRAINT "MemberTagging_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberPushRecipient" ADD CONSTRAINT "MemberPushRecipient_pushId_fkey" FOREIGN KEY ("pushId") REFERENCES "MemberPush"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('MemberTag');
SELECT xh_audit_attach('MemberTagging');
SELECT xh_audit_attach('MemberPush');
SELECT xh_audit_attach('MemberPushRecipient');
