-- AlterTable
ALTER TABLE "StandardProject" ADD COLUMN     "reviewRound" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "StandardComment" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "parentId" TEXT,
    "authorId" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'general',
    "body" TEXT NOT NULL,
    "proposal" TEXT NOT NULL DEFAULT '',
    "quote" TEXT NOT NULL DEFAULT '',
    "anchorStart" TEXT,
    "anchorEnd" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "decision" TEXT,
    "resolution" TEXT NOT NULL DEFAULT '',
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StandardComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandardVote" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "voterId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "reasons" TEXT NOT NULL DEFAULT '',
    "resolution" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StandardVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandardVersion" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StandardVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StandardVersionState" (
    "versionId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "state" BYTEA NOT NULL,

    CONSTRAINT "StandardVersionState_pkey" PRIMARY KEY ("versionId")
);

-- CreateIndex
CREATE INDEX "StandardComment_tenantId_projectId_createdAt_idx" ON "StandardComment"("tenantId", "projectId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "StandardVote_tenantId_projectId_round_voterId_key" ON "StandardVote"("tenantId", "projectId", "round", "voterId");

-- CreateIndex
CREATE INDEX "StandardVersion_tenantId_projectId_createdAt_idx" ON "StandardVersion"("tenantId", "projectId", "createdAt");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('StandardComment');
SELECT xh_audit_attach('StandardVote');
SELECT xh_audit_attach('StandardVersion');
