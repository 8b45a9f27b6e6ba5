-- AlterTable
ALTER TABLE "Track" ADD COLUMN "endingIntent" TEXT;
