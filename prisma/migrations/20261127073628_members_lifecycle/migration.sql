-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "accountUserId" TEXT;

-- CreateTable
CREATE TABLE "MembershipSettings" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "graceDays" INTEGER NOT NULL DEFAULT 30,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MembershipSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CertificateAlert" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "certificateId" TEXT NOT NULL,
    "expiresOn" DATE NOT NULL,
    "threshold" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CertificateAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MembershipSettings_tenantId_key" ON "MembershipSettings"("tenantId");

-- CreateIndex
CREATE INDEX "CertificateAlert_tenantId_idx" ON "CertificateAlert"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "CertificateAlert_certificateId_expiresOn_threshold_key" ON "CertificateAlert"("certificateId", "expiresOn", "threshold");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('MembershipSettings');
