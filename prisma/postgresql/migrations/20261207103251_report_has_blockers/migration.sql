-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "hasBlockers" BOOLEAN NOT NULL DEFAULT false;

-- The reports stored before: those whose JSON has a "blockers" key (bodies are written by JSON.stringify)
UPDATE "Report" SET "hasBlockers" = true
WHERE "body" LIKE '%"blockers"%' AND ("body"::jsonb -> 'blockers') IS NOT NULL;

-- CreateIndex
CREATE INDEX "Report_trackId_hasBlockers_at_idx" ON "Report"("trackId", "hasBlockers", "at");
