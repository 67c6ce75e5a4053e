-- CreateTable
CREATE TABLE "WriteRequest" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'IN_FLIGHT',
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "subjectRef" TEXT,
    "periodStart" TEXT,
    "periodEnd" TEXT,
    "status" INTEGER,
    "answer" JSONB,
    "nxsysId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WriteRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WriteRequest_agencyId_scope_subjectRef_idx" ON "WriteRequest"("agencyId", "scope", "subjectRef");

-- CreateIndex
CREATE UNIQUE INDEX "WriteRequest_agencyId_key_key" ON "WriteRequest"("agencyId", "key");

-- AddForeignKey
ALTER TABLE "WriteRequest" ADD CONSTRAINT "WriteRequest_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;
