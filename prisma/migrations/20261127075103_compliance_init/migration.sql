-- CreateTable
CREATE TABLE "ComplianceRule" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameEn" TEXT,
    "description" TEXT,
    "event" TEXT NOT NULL,
    "conditions" JSONB NOT NULL,
    "severity" TEXT NOT NULL,
    "ownerRole" TEXT NOT NULL DEFAULT 'compliance',
    "slaHours" INTEGER NOT NULL DEFAULT 72,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ComplianceRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceFact" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "link" TEXT,
    "facts" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplianceFact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceEvaluation" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "fired" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComplianceEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceAlert" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "ruleKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "ownerRole" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "eventId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "link" TEXT,
    "facts" JSONB NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,
    "closedAt" TIMESTAMP(3),
    "closedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ComplianceAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ComplianceRule_tenantId_event_idx" ON "ComplianceRule"("tenantId", "event");

-- CreateIndex
CREATE UNIQUE INDEX "ComplianceRule_tenantId_key_key" ON "ComplianceRule"("tenantId", "key");

-- CreateIndex
CREATE INDEX "ComplianceFact_tenantId_event_occurredAt_idx" ON "ComplianceFact"("tenantId", "event", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "ComplianceFact_tenantId_eventId_key" ON "ComplianceFact"("tenantId", "eventId");

-- CreateIndex
CREATE INDEX "ComplianceEvaluation_tenantId_idx" ON "ComplianceEvaluation"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "ComplianceEvaluation_ruleId_eventId_key" ON "ComplianceEvaluation"("ruleId", "eventId");

-- CreateIndex
CREATE INDEX "ComplianceAlert_tenantId_status_severity_idx" ON "ComplianceAlert"("tenantId", "status", "severity");

-- CreateIndex
CREATE UNIQUE INDEX "ComplianceAlert_ruleId_eventId_key" ON "ComplianceAlert"("ruleId", "eventId");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('ComplianceRule');
SELECT xh_audit_attach('ComplianceAlert');
