-- AlterTable
ALTER TABLE "IntegrityRiskPoint" ADD COLUMN     "remindedFor" DATE;
