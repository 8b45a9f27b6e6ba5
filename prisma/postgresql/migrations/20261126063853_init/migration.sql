-- CreateTable
CREATE TABLE "MemorySample" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "bucketSeconds" INTEGER NOT NULL DEFAULT 1,
    "zone" TEXT NOT NULL,
    "zoneSource" TEXT NOT NULL,
    "tierLabel" TEXT NOT NULL,
    "totalBytes" DOUBLE PRECISION NOT NULL,
    "availableBytes" DOUBLE PRECISION NOT NULL,
    "usedBytes" DOUBLE PRECISION NOT NULL,
    "machineCapacityBytes" DOUBLE PRECISION NOT NULL,
    "machineUsedBytes" DOUBLE PRECISION NOT NULL,
    "capacitySource" TEXT NOT NULL,
    "budgetBytes" DOUBLE PRECISION,
    "budgetUsedBytes" DOUBLE PRECISION,
    "swapTotalBytes" DOUBLE PRECISION NOT NULL,
    "swapUsedBytes" DOUBLE PRECISION NOT NULL,
    "psiSome10" DOUBLE PRECISION,
    "psiFull10" DOUBLE PRECISION,
    "usedMinBytes" DOUBLE PRECISION,
    "usedMaxBytes" DOUBLE PRECISION,

    CONSTRAINT "MemorySample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "runId" TEXT,
    "trackKey" TEXT,
    "details" TEXT,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "phase" INTEGER NOT NULL DEFAULT 1,
    "planSource" TEXT NOT NULL,
    "planJson" TEXT NOT NULL,
    "planPath" TEXT,
    "budgetBytes" DOUBLE PRECISION,
    "scheduleJson" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Track" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "pausedBy" TEXT,
    "pauseReason" TEXT,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reportStatus" TEXT,
    "modelInForce" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "queuedAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "currentBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "peakBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "memoryMethod" TEXT,
    "exitSummary" TEXT,
    "testStatus" TEXT,
    "testOutput" TEXT,

    CONSTRAINT "Track_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "trackId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "command" TEXT NOT NULL,
    "pid" INTEGER,
    "logPath" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "exitCode" INTEGER,
    "signal" TEXT,
    "error" TEXT,
    "currentBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "peakBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrackSample" (
    "id" SERIAL NOT NULL,
    "trackId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "bucketSeconds" INTEGER NOT NULL DEFAULT 1,
    "bytes" DOUBLE PRECISION NOT NULL,
    "minBytes" DOUBLE PRECISION,
    "maxBytes" DOUBLE PRECISION,

    CONSTRAINT "TrackSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" SERIAL NOT NULL,
    "trackId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "status" TEXT,
    "progress" DOUBLE PRECISION,
    "body" TEXT NOT NULL,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrackSpan" (
    "id" SERIAL NOT NULL,
    "trackId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "pausedBy" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "TrackSpan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GateItem" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "phase" INTEGER NOT NULL,
    "itemKey" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "evidence" TEXT,
    "note" TEXT,
    "checkedBy" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GateItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conflict" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "trackKeys" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "resolution" TEXT,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "Conflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetroEntry" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetroEntry_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "Track" ADD CONSTRAINT "Track_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrackSample" ADD CONSTRAINT "TrackSample_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrackSpan" ADD CONSTRAINT "TrackSpan_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GateItem" ADD CONSTRAINT "GateItem_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Conflict" ADD CONSTRAINT "Conflict_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetroEntry" ADD CONSTRAINT "RetroEntry_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
