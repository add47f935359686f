-- DropIndex
DROP INDEX "CreditStanding_tenantId_grade_score_idx";

-- CreateIndex
CREATE INDEX "CreditStanding_tenantId_score_memberId_idx" ON "CreditStanding"("tenantId", "score" DESC, "memberId");

-- CreateIndex
CREATE INDEX "CreditStanding_tenantId_grade_score_memberId_idx" ON "CreditStanding"("tenantId", "grade", "score" DESC, "memberId");

-- Grade history is derived from the (audited) entries and rules; a rules change can write thousands of rows at once.
DROP TRIGGER IF EXISTS "CreditGradeChange_audit" ON "CreditGradeChange";
