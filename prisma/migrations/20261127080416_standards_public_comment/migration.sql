-- AlterTable
ALTER TABLE "StandardComment" ADD COLUMN     "clauseRef" TEXT,
ADD COLUMN     "commenterEmail" TEXT,
ADD COLUMN     "commenterName" TEXT,
ADD COLUMN     "commenterOrg" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'group',
ADD COLUMN     "tokenHash" TEXT,
ADD COLUMN     "verifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "StandardProject" ADD COLUMN     "commentDeadline" TIMESTAMP(3),
ADD COLUMN     "commentPublic" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "commentVersionId" TEXT;
