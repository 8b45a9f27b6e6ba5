-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "exitPath" TEXT,
ADD COLUMN     "interrupted" TEXT,
ADD COLUMN     "lastLineKey" DOUBLE PRECISION,
ADD COLUMN     "logCursor" TEXT,
ADD COLUMN     "mode" TEXT NOT NULL DEFAULT 'start',
ADD COLUMN     "pgid" INTEGER,
ADD COLUMN     "sessionId" TEXT,
ADD COLUMN     "shimPid" INTEGER,
ADD COLUMN     "shimStartTicks" DOUBLE PRECISION,
ADD COLUMN     "sid" INTEGER,
ADD COLUMN     "startTicks" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "agentId" TEXT,
ADD COLUMN     "lineKey" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "governorJson" TEXT,
ADD COLUMN     "reportTokenHash" TEXT;

-- AlterTable
ALTER TABLE "Track" ADD COLUMN     "pauseMode" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Report_agentId_lineKey_key" ON "Report"("agentId", "lineKey");
