-- CreateTable
CREATE TABLE "StandardProject" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "code" TEXT,
    "scope" TEXT NOT NULL DEFAULT '',
    "stage" TEXT NOT NULL DEFAULT 'proposal',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StandardProject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandardMember" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StandardMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandardTransition" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "fromStage" TEXT NOT NULL,
    "toStage" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StandardTransition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StandardProject_tenantId_stage_idx" ON "StandardProject"("tenantId", "stage");

-- CreateIndex
CREATE INDEX "StandardProject_tenantId_updatedAt_idx" ON "StandardProject"("tenantId", "updatedAt");

-- CreateIndex
CREATE INDEX "StandardMember_tenantId_userId_idx" ON "StandardMember"("tenantId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "StandardMember_tenantId_projectId_userId_key" ON "StandardMember"("tenantId", "projectId", "userId");

-- CreateIndex
CREATE INDEX "StandardTransition_tenantId_projectId_createdAt_idx" ON "StandardTransition"("tenantId", "projectId", "createdAt");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('StandardProject');
SELECT xh_audit_attach('StandardMember');
SELECT xh_audit_attach('StandardTransition');
