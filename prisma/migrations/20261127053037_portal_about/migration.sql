-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "about" JSONB;
