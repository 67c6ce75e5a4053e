-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "reviewTimesheets" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "TimesheetDraft" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createKey" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "candidateName" TEXT NOT NULL DEFAULT '',
    "country" TEXT,
    "startDate" TEXT NOT NULL,
    "endDate" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "returnReason" TEXT,
    "returnedById" TEXT,
    "editedById" TEXT,
    "approvedById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "importJobId" TEXT,
    "importItemId" TEXT,
    "nxsysId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TimesheetDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TimesheetDraft_importItemId_key" ON "TimesheetDraft"("importItemId");

-- CreateIndex
CREATE INDEX "TimesheetDraft_agencyId_status_idx" ON "TimesheetDraft"("agencyId", "status");

-- CreateIndex
CREATE INDEX "TimesheetDraft_agencyId_authorId_idx" ON "TimesheetDraft"("agencyId", "authorId");

-- CreateIndex
CREATE INDEX "TimesheetDraft_importJobId_idx" ON "TimesheetDraft"("importJobId");

-- CreateIndex
CREATE UNIQUE INDEX "TimesheetDraft_agencyId_createKey_key" ON "TimesheetDraft"("agencyId", "createKey");

-- AddForeignKey
ALTER TABLE "TimesheetDraft" ADD CONSTRAINT "TimesheetDraft_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;
