-- CreateTable
CREATE TABLE "MembershipLevel" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "duesFen" INTEGER NOT NULL,
    "termMonths" INTEGER NOT NULL DEFAULT 12,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MembershipLevel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "creditCode" TEXT NOT NULL,
    "levelId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "industry" TEXT,
    "region" TEXT,
    "address" TEXT,
    "joinedOn" DATE,
    "expiresOn" DATE,
    "applicationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberContact" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberCertificate" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "number" TEXT,
    "issuer" TEXT,
    "expiresOn" DATE NOT NULL,
    "fileId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberFile" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MembershipWorkflow" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "steps" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MembershipWorkflow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MembershipApplication" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "companyName" TEXT NOT NULL,
    "creditCode" TEXT NOT NULL,
    "levelId" TEXT,
    "industry" TEXT,
    "region" TEXT,
    "address" TEXT,
    "contactName" TEXT,
    "contactPhone" TEXT,
    "contactEmail" TEXT,
    "certificates" JSONB NOT NULL DEFAULT '[]',
    "licenceFileId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "currentStep" INTEGER NOT NULL DEFAULT 0,
    "steps" JSONB NOT NULL DEFAULT '[]',
    "applicantUserId" TEXT,
    "reason" TEXT,
    "submittedAt" TIMESTAMP(3),
    "stepStartedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "memberId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MembershipApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationSignature" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "stepKey" TEXT NOT NULL,
    "stepName" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "signedById" TEXT NOT NULL,
    "signedByName" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" BIGINT NOT NULL,

    CONSTRAINT "ApplicationSignature_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MembershipLevel_tenantId_name_key" ON "MembershipLevel"("tenantId", "name");

-- CreateIndex
CREATE INDEX "Member_tenantId_name_idx" ON "Member"("tenantId", "name");

-- CreateIndex
CREATE INDEX "Member_tenantId_status_idx" ON "Member"("tenantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Member_tenantId_creditCode_key" ON "Member"("tenantId", "creditCode");

-- CreateIndex
CREATE INDEX "MemberContact_tenantId_memberId_idx" ON "MemberContact"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "MemberCertificate_tenantId_memberId_idx" ON "MemberCertificate"("tenantId", "memberId");

-- CreateIndex
CREATE INDEX "MemberCertificate_tenantId_expiresOn_idx" ON "MemberCertificate"("tenantId", "expiresOn");

-- CreateIndex
CREATE INDEX "MemberFile_tenantId_idx" ON "MemberFile"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "MembershipWorkflow_tenantId_key" ON "MembershipWorkflow"("tenantId");

-- CreateIndex
CREATE INDEX "MembershipApplication_tenantId_status_idx" ON "MembershipApplication"("tenantId", "status");

-- CreateIndex
CREATE INDEX "MembershipApplication_tenantId_creditCode_idx" ON "MembershipApplication"("tenantId", "creditCode");

-- CreateIndex
CREATE INDEX "MembershipApplication_tenantId_applicantUserId_idx" ON "MembershipApplication"("tenantId", "applicantUserId");

-- CreateIndex
CREATE INDEX "ApplicationSignature_tenantId_applicationId_idx" ON "ApplicationSignature"("tenantId", "applicationId");

-- CreateIndex
CREATE INDEX "ApplicationSignature_tenantId_stepKey_idx" ON "ApplicationSignature"("tenantId", "stepKey");

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_levelId_fkey" FOREIGN KEY ("levelId") REFERENCES "MembershipLevel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberContact" ADD CONSTRAINT "MemberContact_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberCertificate" ADD CONSTRAINT "MemberCertificate_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationSignature" ADD CONSTRAINT "ApplicationSignature_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "MembershipApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('MembershipLevel');
SELECT xh_audit_attach('Member');
SELECT xh_audit_attach('MemberContact');
SELECT xh_audit_attach('MemberCertificate');
SELECT xh_audit_attach('MembershipWorkflow');
SELECT xh_audit_attach('MembershipApplication');
SELECT xh_audit_attach('ApplicationSignature');
