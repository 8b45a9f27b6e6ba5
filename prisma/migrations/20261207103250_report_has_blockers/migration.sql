-- AlterTable (a column with a constant default: no table copy)
ALTER TABLE "Report" ADD COLUMN "hasBlockers" BOOLEAN NOT NULL DEFAULT false;

-- The reports stored before: those whose JSON has a "blockers" key (a string value that merely reads "blockers"
-- does not count, which the body scan this column replaces got wrong)
UPDATE "Report" SET "hasBlockers" = 1
WHERE "body" LIKE '%"blockers"%'
  AND CASE WHEN json_valid("body") THEN json_type("body", '$.blockers') IS NOT NULL ELSE 0 END;

-- CreateIndex
CREATE INDEX "Report_trackId_hasBlockers_at_idx" ON "Report"("trackId", "hasBlockers", "at");
