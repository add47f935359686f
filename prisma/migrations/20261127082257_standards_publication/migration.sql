-- AlterTable
ALTER TABLE "StandardProject" ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "publishedVersionId" TEXT;
