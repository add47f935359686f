-- AlterTable
ALTER TABLE "MembershipApplication" ADD COLUMN     "trackingTokenHash" TEXT;
