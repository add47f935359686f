-- AlterTable
ALTER TABLE "DisclosureQuestion" ADD COLUMN     "dueSoonNotifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "IntegrityRiskPoint" ADD COLUMN     "remindedFor" DATE;
