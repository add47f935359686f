-- CreateTable
CREATE TABLE "ReviewPanel" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "chairExpertId" TEXT NOT NULL,
    "memberExpertIds" TEXT[],
    "applicationIds" TEXT[],
    "currentApplicationId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewPanel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PanelAttendance" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "panelId" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "present" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PanelAttendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PanelItem" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "panelId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "revealedAt" TIMESTAMP(3),
    "mean" DOUBLE PRECISION,
    "median" DOUBLE PRECISION,
    "stdev" DOUBLE PRECISION,
    "lockedAt" TIMESTAMP(3),
    "lockedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PanelItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PanelScore" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "expertId" TEXT NOT NULL,
    "scores" JSONB NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "explanation" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PanelScore_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReviewPanel_tenantId_callId_idx" ON "ReviewPanel"("tenantId", "callId");

-- CreateIndex
CREATE UNIQUE INDEX "PanelAttendance_panelId_expertId_key" ON "PanelAttendance"("panelId", "expertId");

-- CreateIndex
CREATE INDEX "PanelItem_tenantId_panelId_idx" ON "PanelItem"("tenantId", "panelId");

-- CreateIndex
CREATE UNIQUE INDEX "PanelItem_panelId_applicationId_key" ON "PanelItem"("panelId", "applicationId");

-- CreateIndex
CREATE INDEX "PanelScore_tenantId_itemId_idx" ON "PanelScore"("tenantId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "PanelScore_itemId_expertId_key" ON "PanelScore"("itemId", "expertId");

-- Audit every change to the new tenant tables
SELECT xh_audit_attach('ReviewPanel');
SELECT xh_audit_attach('PanelAttendance');
SELECT xh_audit_attach('PanelItem');
SELECT xh_audit_attach('PanelScore');
