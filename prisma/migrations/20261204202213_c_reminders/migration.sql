-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "reminderDay" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "reminderEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reminderTime" TEXT NOT NULL DEFAULT '08:00',
ADD COLUMN     "reminderTimeZone" TEXT NOT NULL DEFAULT 'Europe/London';

-- AlterTable
ALTER TABLE "WriteRequest" ADD COLUMN     "createdById" TEXT;

-- CreateIndex
CREATE INDEX "ImportItem_agencyId_nxsysId_idx" ON "ImportItem"("agencyId", "nxsysId");

-- CreateIndex
CREATE INDEX "WriteRequest_agencyId_nxsysId_idx" ON "WriteRequest"("agencyId", "nxsysId");
