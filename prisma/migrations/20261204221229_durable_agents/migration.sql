-- AlterTable
ALTER TABLE "Report" ADD COLUMN "agentId" TEXT;
ALTER TABLE "Report" ADD COLUMN "lineKey" REAL;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "governorJson" TEXT;
ALTER TABLE "Run" ADD COLUMN "reportTokenHash" TEXT;

-- AlterTable
ALTER TABLE "Track" ADD COLUMN "pauseMode" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "trackId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "command" TEXT NOT NULL,
    "pid" INTEGER,
    "logPath" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "exitCode" INTEGER,
    "signal" TEXT,
    "error" TEXT,
    "currentBytes" REAL NOT NULL DEFAULT 0,
    "peakBytes" REAL NOT NULL DEFAULT 0,
    "pgid" INTEGER,
    "sid" INTEGER,
    "startTicks" REAL,
    "shimPid" INTEGER,
    "shimStartTicks" REAL,
    "mode" TEXT NOT NULL DEFAULT 'start',
    "sessionId" TEXT,
    "exitPath" TEXT,
    "logCursor" TEXT,
    "lastLineKey" REAL,
    "interrupted" TEXT,
    CONSTRAINT "Agent_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Agent" ("attempt", "command", "currentBytes", "endedAt", "error", "exitCode", "id", "logPath", "name", "peakBytes", "pid", "signal", "startedAt", "trackId") SELECT "attempt", "command", "currentBytes", "endedAt", "error", "exitCode", "id", "logPath", "name", "peakBytes", "pid", "signal", "startedAt", "trackId" FROM "Agent";
DROP TABLE "Agent";
ALTER TABLE "new_Agent" RENAME TO "Agent";
CREATE INDEX "Agent_trackId_idx" ON "Agent"("trackId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Report_agentId_lineKey_key" ON "Report"("agentId", "lineKey");
