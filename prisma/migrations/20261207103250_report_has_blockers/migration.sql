-- AlterTable (a column with a constant default: no table copy)
ALTER TABLE "Report" ADD COLUMN "hasBlockers" BOOLEAN NOT NULL DEFAULT false;

-- The reports stored before: those whose JSON (written by JSON.stringify, no spaces) has a "blockers" key, matched as
-- text as on PostgreSQL. A string value that reads "blockers" is escaped (\"blockers\") and does not match.
UPDATE "Report" SET "hasBlockers" = 1 WHERE "body" LIKE '%"blockers":%';

-- CreateIndex
CREATE INDEX "Report_trackId_hasBlockers_at_idx" ON "Report"("trackId", "hasBlockers", "at");
