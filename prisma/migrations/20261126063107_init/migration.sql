-- CreateTable
CREATE TABLE "MemorySample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "bucketSeconds" INTEGER NOT NULL DEFAULT 1,
    "zone" TEXT NOT NULL,
    "zoneSource" TEXT NOT NULL,
    "tierLabel" TEXT NOT NULL,
    "totalBytes" REAL NOT NULL,
    "availableBytes" REAL NOT NULL,
    "usedBytes" REAL NOT NULL,
    "machineCapacityBytes" REAL NOT NULL,
    "machineUsedBytes" REAL NOT NULL,
    "capacitySource" TEXT NOT NULL,
    "budgetBytes" REAL,
    "budgetUsedBytes" REAL,
    "swapTotalBytes" REAL NOT NULL,
    "swapUsedBytes" REAL NOT NULL,
    "psiSome10" REAL,
    "psiFull10" REAL,
    "usedMinBytes" REAL,
    "usedMaxBytes" REAL
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "runId" TEXT,
    "trackKey" TEXT,
    "details" TEXT
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" INTEGER NOT NULL DEFAULT 1,
    "planSource" TEXT NOT NULL,
    "planJson" TEXT NOT NULL,
    "planPath" TEXT,
    "budgetBytes" REAL,
    "scheduleJson" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Track" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "pausedBy" TEXT,
    "pauseReason" TEXT,
    "progress" REAL NOT NULL DEFAULT 0,
    "reportStatus" TEXT,
    "modelInForce" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "queuedAt" DATETIME,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "currentBytes" REAL NOT NULL DEFAULT 0,
    "peakBytes" REAL NOT NULL DEFAULT 0,
    "memoryMethod" TEXT,
    "exitSummary" TEXT,
    "testStatus" TEXT,
    "testOutput" TEXT,
    CONSTRAINT "Track_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Agent" (
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
    CONSTRAINT "Agent_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrackSample" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "trackId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "bucketSeconds" INTEGER NOT NULL DEFAULT 1,
    "bytes" REAL NOT NULL,
    "minBytes" REAL,
    "maxBytes" REAL,
    CONSTRAINT "TrackSample_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Report" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "trackId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "status" TEXT,
    "progress" REAL,
    "body" TEXT NOT NULL,
    CONSTRAINT "Report_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TrackSpan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "trackId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "pausedBy" TEXT,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "outcome" TEXT,
    CONSTRAINT "TrackSpan_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GateItem" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "phase" INTEGER NOT NULL,
    "itemKey" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "evidence" TEXT,
    "note" TEXT,
    "checkedBy" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GateItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Conflict" (
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
    CONSTRAINT "Conflict_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RetroEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RetroEntry_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MemorySample_at_idx" ON "MemorySample"("at");

-- CreateIndex
CREATE INDEX "MemorySample_bucketSeconds_at_idx" ON "MemorySample"("bucketSeconds", "at");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");

-- CreateIndex
CREATE INDEX "Event_runId_at_idx" ON "Event"("runId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Track_runId_key_key" ON "Track"("runId", "key");

-- CreateIndex
CREATE INDEX "Agent_trackId_idx" ON "Agent"("trackId");

-- CreateIndex
CREATE INDEX "TrackSample_trackId_at_idx" ON "TrackSample"("trackId", "at");

-- CreateIndex
CREATE INDEX "TrackSample_bucketSeconds_at_idx" ON "TrackSample"("bucketSeconds", "at");

-- CreateIndex
CREATE INDEX "Report_trackId_at_idx" ON "Report"("trackId", "at");

-- CreateIndex
CREATE INDEX "TrackSpan_trackId_idx" ON "TrackSpan"("trackId");

-- CreateIndex
CREATE UNIQUE INDEX "GateItem_runId_phase_itemKey_key" ON "GateItem"("runId", "phase", "itemKey");
