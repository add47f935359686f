-- AlterTable
ALTER TABLE "GovernanceSettings" ADD COLUMN     "majorCategories" TEXT[] DEFAULT ARRAY['direction', 'project', 'spending']::TEXT[];

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "cancelReason" TEXT,
ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "cancelledById" TEXT;

-- AlterTable
ALTER TABLE "MeetingChatMessage" ADD COLUMN     "hiddenAt" TIMESTAMP(3),
ADD COLUMN     "hiddenById" TEXT;

-- CreateTable
CREATE TABLE "StandardFigure" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StandardFigure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StandardFigure_tenantId_projectId_idx" ON "StandardFigure"("tenantId", "projectId");
