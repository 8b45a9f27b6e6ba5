-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "hasBlockers" BOOLEAN NOT NULL DEFAULT false;

-- The reports stored before: those whose JSON (written by JSON.stringify, no spaces) has a "blockers" key. Matched as
-- text, not parsed: an agent's text may hold \u0000, which PostgreSQL's JSON functions refuse. A string value that
-- reads "blockers" is escaped (\"blockers\") and does not match.
UPDATE "Report" SET "hasBlockers" = true WHERE "body" LIKE '%"blockers":%';

-- CreateIndex
CREATE INDEX "Report_trackId_hasBlockers_at_idx" ON "Report"("trackId", "hasBlockers", "at");
