-- AlterTable
ALTER TABLE "NxsysConnection" ADD COLUMN     "refreshClaimId" TEXT,
ADD COLUMN     "refreshClaimUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ChangeVersion" (
    "agencyId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChangeVersion_pkey" PRIMARY KEY ("agencyId","topic")
);

-- CreateTable
CREATE TABLE "SharedCacheEntry" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SharedCacheEntry_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SharedCacheEntry_expiresAt_idx" ON "SharedCacheEntry"("expiresAt");
