-- CreateTable
CREATE TABLE "PayslipCheck" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "taxYear" INTEGER NOT NULL,
    "taxPeriod" INTEGER NOT NULL,
    "payFrequency" TEXT NOT NULL DEFAULT '',
    "differenceKey" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "checkedById" TEXT NOT NULL,
    "checkedByName" TEXT NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PayslipCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PayslipCheck_agencyId_taxYear_taxPeriod_payFrequency_differ_key" ON "PayslipCheck"("agencyId", "taxYear", "taxPeriod", "payFrequency", "differenceKey");
