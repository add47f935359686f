-- CreateTable
CREATE TABLE "Disclosure" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "year" INTEGER,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "fileId" TEXT,
    "publishedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Disclosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureFile" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisclosureFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisclosureQuestion" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "disclosureId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "askedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueOn" DATE NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "answer" TEXT,
    "answeredAt" TIMESTAMP(3),
    "answeredById" TEXT,
    "overdueNotifiedAt" TIMESTAMP(3),

    CONSTRAINT "DisclosureQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkCalendarDay" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "WorkCalendarDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrityRiskPoint" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "post" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "measures" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "reviewOn" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntegrityRiskPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrityEntry" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" TEXT,
    "evidence" TEXT NOT NULL,
    "evidenceFileId" TEXT,
    "occurredOn" DATE NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntegrityEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartTimeDeclaration" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "organisation" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "payerMemberId" TEXT,
    "paid" BOOLEAN NOT NULL,
    "amountFen" INTEGER,
    "startOn" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reviewComment" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartTimeDeclaration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartTimePayment" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "payerMemberId" TEXT,
    "payerName" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "paidOn" DATE NOT NULL,
    "note" TEXT,
    "declarationId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartTimePayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrityFile" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IntegrityFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Disclosure_tenantId_status_publishedAt_idx" ON "Disclosure"("tenantId", "status", "publishedAt");

-- CreateIndex
CREATE INDEX "DisclosureFile_tenantId_idx" ON "DisclosureFile"("tenantId");

-- CreateIndex
CREATE INDEX "DisclosureQuestion_tenantId_answeredAt_dueAt_idx" ON "DisclosureQuestion"("tenantId", "answeredAt", "dueAt");

-- CreateIndex
CREATE INDEX "DisclosureQuestion_tenantId_disclosureId_idx" ON "DisclosureQuestion"("tenantId", "disclosureId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkCalendarDay_tenantId_day_key" ON "WorkCalendarDay"("tenantId", "day");

-- CreateIndex
CREATE INDEX "IntegrityRiskPoint_tenantId_reviewOn_idx" ON "IntegrityRiskPoint"("tenantId", "reviewOn");

-- CreateIndex
CREATE INDEX "IntegrityEntry_tenantId_memberId_idx" ON "IntegrityEntry"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "PartTimeDeclaration_tenantId_userId_idx" ON "PartTimeDeclaration"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "PartTimeDeclaration_tenantId_status_idx" ON "PartTimeDeclaration"("tenantId", "status");

-- CreateIndex
CREATE INDEX "PartTimePayment_tenantId_userId_idx" ON "PartTimePayment"("tenantId", "userId");

-- CreateIndex
CREATE INDEX "IntegrityFile_tenantId_idx" ON "IntegrityFile"("tenantId");

-- AddForeignKey
ALTER TABLE "DisclosureQuestion" ADD CONSTRAINT "DisclosureQuestion_disclosureId_fkey" FOREIGN KEY ("disclosureId") REFERENCES "Disclosure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('Disclosure');
SELECT xh_audit_attach('DisclosureQuestion');
SELECT xh_audit_attach('WorkCalendarDay');
SELECT xh_audit_attach('IntegrityRiskPoint');
SELECT xh_audit_attach('IntegrityEntry');
SELECT xh_audit_attach('PartTimeDeclaration');
SELECT xh_audit_attach('PartTimePayment');
