-- AlterTable
ALTER TABLE "Agent" ADD COLUMN "host" TEXT;
ALTER TABLE "Agent" ADD COLUMN "memoryMethod" TEXT;
ALTER TABLE "Agent" ADD COLUMN "state" TEXT;
