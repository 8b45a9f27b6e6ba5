-- CreateTable
CREATE TABLE "TrackProfile" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "planName" TEXT NOT NULL,
    "trackKey" TEXT NOT NULL,
    "kindKey" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "peakBytes" REAL NOT NULL,
    "runs" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "TrackProfile_kindKey_updatedAt_idx" ON "TrackProfile"("kindKey", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TrackProfile_planName_trackKey_key" ON "TrackProfile"("planName", "trackKey");
