-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "host" TEXT,
ADD COLUMN     "memoryMethod" TEXT,
ADD COLUMN     "state" TEXT;
