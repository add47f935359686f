-- CreateIndex
CREATE INDEX "Member_tenantId_status_expiresOn_id_idx" ON "Member"("tenantId", "status", "expiresOn", "id");
