-- AlterTable
ALTER TABLE "Track" ADD COLUMN "baseCommit" TEXT;
ALTER TABLE "Track" ADD COLUMN "branch" TEXT;
ALTER TABLE "Track" ADD COLUMN "changes" TEXT;
ALTER TABLE "Track" ADD COLUMN "worktree" TEXT;

-- CreateTable
CREATE TABLE "Blocker" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "trackKey" TEXT NOT NULL,
    "blocker" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "resolutionPlan" TEXT,
    "source" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT,
    CONSTRAINT "Blocker_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Handoff" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "fromKey" TEXT NOT NULL,
    "toKey" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "acknowledge" TEXT NOT NULL DEFAULT 'auto',
    "artifacts" TEXT,
    "unmatchedGlobs" TEXT,
    "document" TEXT,
    "documentPath" TEXT,
    "reason" TEXT,
    "deliveredAt" DATETIME,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    CONSTRAINT "Handoff_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DailyStatus" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "trackKey" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "generatedAt" DATETIME NOT NULL,
    CONSTRAINT "DailyStatus_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IntegrationRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "worktreePath" TEXT,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "mergeOrder" TEXT,
    "result" TEXT,
    "error" TEXT,
    "report" TEXT,
    CONSTRAINT "IntegrationRun_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Conflict" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "trackKeys" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "resolution" TEXT,
    "resolvedAt" DATETIME,
    "source" TEXT NOT NULL DEFAULT 'touch',
    "key" TEXT,
    "resolvedBy" TEXT,
    "files" TEXT,
    "evidence" TEXT,
    "recommendation" TEXT,
    "resolutionSteps" TEXT,
    "held" TEXT,
    "updatedAt" DATETIME,
    CONSTRAINT "Conflict_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Conflict" ("at", "description", "id", "kind", "resolution", "resolvedAt", "runId", "severity", "status", "trackKeys") SELECT "at", "description", "id", "kind", "resolution", "resolvedAt", "runId", "severity", "status", "trackKeys" FROM "Conflict";
DROP TABLE "Conflict";
ALTER TABLE "new_Conflict" RENAME TO "Conflict";
CREATE INDEX "Conflict_runId_at_idx" ON "Conflict"("runId", "at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Blocker_runId_number_key" ON "Blocker"("runId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Handoff_runId_fromKey_toKey_key" ON "Handoff"("runId", "fromKey", "toKey");

-- CreateIndex
CREATE INDEX "DailyStatus_runId_date_idx" ON "DailyStatus"("runId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "DailyStatus_runId_trackKey_date_key" ON "DailyStatus"("runId", "trackKey", "date");

-- CreateIndex
CREATE INDEX "IntegrationRun_runId_startedAt_idx" ON "IntegrationRun"("runId", "startedAt");
