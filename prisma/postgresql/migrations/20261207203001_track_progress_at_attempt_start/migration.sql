-- AlterTable
ALTER TABLE "Track" ADD COLUMN     "progressAtAttemptStart" DOUBLE PRECISION;
