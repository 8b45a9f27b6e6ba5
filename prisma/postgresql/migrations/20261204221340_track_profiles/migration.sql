-- CreateTable
CREATE TABLE "TrackProfile" (
    "id" SERIAL NOT NULL,
    "planName" TEXT NOT NULL,
    "trackKey" TEXT NOT NULL,
    "kindKey" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "peakBytes" DOUBLE PRECISION NOT NULL,
    "runs" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrackProfile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TrackProfile_kindKey_updatedAt_idx" ON "TrackProfile"("kindKey", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrackProfile_planName_trackKey_key" ON "TrackProfile"("planName", "trackKey");
