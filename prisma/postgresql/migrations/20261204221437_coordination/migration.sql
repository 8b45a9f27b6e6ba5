-- AlterTable
ALTER TABLE "Track" ADD COLUMN     "baseCommit" TEXT,
ADD COLUMN     "branch" TEXT,
ADD COLUMN     "changes" TEXT,
ADD COLUMN     "worktree" TEXT;

-- AlterTable
ALTER TABLE "Conflict" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'touch',
ADD COLUMN     "key" TEXT,
ADD COLUMN     "resolvedBy" TEXT,
ADD COLUMN     "files" TEXT,
ADD COLUMN     "evidence" TEXT,
ADD COLUMN     "recommendation" TEXT,
ADD COLUMN     "resolutionSteps" TEXT,
ADD COLUMN     "held" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Blocker" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "trackKey" TEXT NOT NULL,
    "blocker" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "resolutionPlan" TEXT,
    "source" TEXT NOT NULL,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,

    CONSTRAINT "Blocker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Handoff" (
    "id" SERIAL NOT NULL,
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
    "deliveredAt" TIMESTAMP(3),
    "acknowledgedAt" TIMESTAMP(3),
    "acknowledgedBy" TEXT,

    CONSTRAINT "Handoff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyStatus" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "trackKey" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DailyStatus_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntegrationRun" (
    "id" SERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "worktreePath" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "mergeOrder" TEXT,
    "result" TEXT,
    "error" TEXT,
    "report" TEXT,

    CONSTRAINT "IntegrationRun_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "Conflict_runId_at_idx" ON "Conflict"("runId", "at");

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

-- AddForeignKey
ALTER TABLE "Blocker" ADD CONSTRAINT "Blocker_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Handoff" ADD CONSTRAINT "Handoff_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyStatus" ADD CONSTRAINT "DailyStatus_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IntegrationRun" ADD CONSTRAINT "IntegrationRun_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
