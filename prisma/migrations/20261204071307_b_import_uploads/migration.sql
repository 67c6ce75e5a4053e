-- AlterTable
ALTER TABLE "ImportJob" ADD COLUMN     "skipped" JSONB,
ADD COLUMN     "startKey" TEXT;

-- CreateTable
CREATE TABLE "ImportUpload" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "createdById" TEXT,
    "fileName" TEXT NOT NULL,
    "fileHash" TEXT NOT NULL,
    "header" JSONB NOT NULL,
    "rows" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ImportUpload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportUpload_createdAt_idx" ON "ImportUpload"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ImportJob_agencyId_startKey_key" ON "ImportJob"("agencyId", "startKey");
