-- CreateTable
CREATE TABLE "ProjectCall" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "commissioner" TEXT NOT NULL,
    "fieldTags" TEXT[],
    "formFields" JSONB NOT NULL,
    "materials" JSONB NOT NULL,
    "eligibility" JSONB NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "blindReview" BOOLEAN NOT NULL DEFAULT false,
    "rubric" JSONB NOT NULL,
    "aggregation" TEXT NOT NULL DEFAULT 'mean',
    "conflictWindowDays" INTEGER NOT NULL DEFAULT 365,
    "avoidance" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectApplication" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "organization" TEXT NOT NULL,
    "creditCode" TEXT,
    "region" TEXT,
    "contactEmails" TEXT[],
    "staffNames" TEXT[],
    "answers" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "materialCheck" JSONB,
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProjectApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationMaterial" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationMaterial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertDraw" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "applicationIds" TEXT[],
    "perApplication" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "snapshotHash" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "replacesId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertDraw_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewAssignment" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "drawId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'invited',
    "scores" JSONB,
    "total" DOUBLE PRECISION,
    "opinion" TEXT,
    "submittedAt" TIMESTAMP(3),
    "respondedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProjectCall_tenantId_deadline_idx" ON "ProjectCall"("tenantId", "deadline");

-- CreateIndex
CREATE INDEX "ProjectApplication_tenantId_callId_status_idx" ON "ProjectApplication"("tenantId", "callId", "status");

-- CreateIndex
CREATE INDEX "ProjectApplication_tenantId_applicantId_idx" ON "ProjectApplication"("tenantId", "applicantId");

-- CreateIndex
CREATE INDEX "ProjectApplication_tenantId_creditCode_idx" ON "ProjectApplication"("tenantId", "creditCode");

-- CreateIndex
CREATE INDEX "ApplicationMaterial_tenantId_applicationId_idx" ON "ApplicationMaterial"("tenantId", "applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationMaterial_applicationId_key_key" ON "ApplicationMaterial"("applicationId", "key");

-- CreateIndex
CREATE INDEX "ExpertDraw_tenantId_callId_createdAt_idx" ON "ExpertDraw"("tenantId", "callId", "createdAt");

-- CreateIndex
CREATE INDEX "ReviewAssignment_tenantId_callId_idx" ON "ReviewAssignment"("tenantId", "callId");

-- CreateIndex
CREATE INDEX "ReviewAssignment_tenantId_expertId_createdAt_idx" ON "ReviewAssignment"("tenantId", "expertId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewAssignment_applicationId_expertId_key" ON "ReviewAssignment"("applicationId", "expertId");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('ProjectCall');
SELECT xh_audit_attach('ProjectApplication');
SELECT xh_audit_attach('ExpertDraw');
SELECT xh_audit_attach('ReviewAssignment');

-- The draw log is append-only: a recorded draw can be verified, never rewritten
CREATE TRIGGER "ExpertDraw_append_only" BEFORE UPDATE OR DELETE ON "ExpertDraw" FOR EACH ROW EXECUTE FUNCTION xh_append_only();
CREATE TRIGGER "ExpertDraw_no_truncate" BEFORE TRUNCATE ON "ExpertDraw" FOR EACH STATEMENT EXECUTE FUNCTION xh_append_only();
