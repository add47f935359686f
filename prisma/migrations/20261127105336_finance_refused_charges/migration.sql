-- CreateTable
CREATE TABLE "RefusedCharge" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "feeItemId" TEXT NOT NULL,
    "feeItemName" TEXT NOT NULL,
    "memberId" TEXT,
    "memberName" TEXT,
    "title" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "actorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RefusedCharge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RefusedCharge_tenantId_createdAt_idx" ON "RefusedCharge"("tenantId", "createdAt");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('RefusedCharge');
