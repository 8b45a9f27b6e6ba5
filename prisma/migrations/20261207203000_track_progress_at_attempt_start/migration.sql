-- AlterTable
ALTER TABLE "Track" ADD COLUMN "progressAtAttemptStart" REAL;
