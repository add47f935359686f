-- Trigram search (a trusted extension since PostgreSQL 13: the database owner may create it)
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "Member_tenantId_status_idx";

-- CreateIndex
CREATE INDEX "Member_tenantId_id_idx" ON "Member"("tenantId", "id");

-- CreateIndex
CREATE INDEX "Member_tenantId_status_id_idx" ON "Member"("tenantId", "status", "id");

-- CreateIndex
CREATE INDEX "Member_tenantId_expiresOn_id_idx" ON "Member"("tenantId", "expiresOn", "id");

-- CreateIndex
CREATE INDEX "Member_tenantId_joinedOn_id_idx" ON "Member"("tenantId", "joinedOn", "id");

-- CreateIndex
CREATE INDEX "Member_name_idx" ON "Member" USING GIN ("name" gin_trgm_ops);

