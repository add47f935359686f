-- CreateTable
CREATE TABLE "CallNotice" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "title" JSONB NOT NULL,
    "body" JSONB NOT NULL,
    "items" JSONB NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "objectionEndsAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallNotice_tenantId_publishedAt_idx" ON "CallNotice"("tenantId", "publishedAt");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('CallNotice');
