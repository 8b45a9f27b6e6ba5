-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "cacheWriteTokens" REAL;
ALTER TABLE "Agent" ADD COLUMN "cachedInputTokens" REAL;
ALTER TABLE "Agent" ADD COLUMN "costSource" TEXT;
ALTER TABLE "Agent" ADD COLUMN "costUsd" REAL;
ALTER TABLE "Agent" ADD COLUMN "inputTokens" REAL;
ALTER TABLE "Agent" ADD COLUMN "kind" TEXT;
ALTER TABLE "Agent" ADD COLUMN "outputTokens" REAL;
ALTER TABLE "Agent" ADD COLUMN "result" TEXT;
ALTER TABLE "Agent" ADD COLUMN "turns" INTEGER;
ALTER TABLE "Agent" ADD COLUMN "usageModel" TEXT;
