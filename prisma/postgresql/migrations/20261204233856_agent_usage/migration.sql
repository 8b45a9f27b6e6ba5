-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "cacheWriteTokens" DOUBLE PRECISION,
ADD COLUMN     "cachedInputTokens" DOUBLE PRECISION,
ADD COLUMN     "costSource" TEXT,
ADD COLUMN     "costUsd" DOUBLE PRECISION,
ADD COLUMN     "inputTokens" DOUBLE PRECISION,
ADD COLUMN     "kind" TEXT,
ADD COLUMN     "outputTokens" DOUBLE PRECISION,
ADD COLUMN     "result" TEXT,
ADD COLUMN     "turns" INTEGER,
ADD COLUMN     "usageModel" TEXT;
