-- CreateTable
CREATE TABLE "OnboardingInvitation" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "agencySettings" JSONB,
    "tokenHash" TEXT,
    "invitedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "submission" TEXT,
    "sentToNxsysAt" TIMESTAMP(3),
    "srId" TEXT,

    CONSTRAINT "OnboardingInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OnboardingAttempt" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OnboardingAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OnboardingInvitation_tokenHash_key" ON "OnboardingInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "OnboardingInvitation_agencyId_createdAt_idx" ON "OnboardingInvitation"("agencyId", "createdAt");

-- CreateIndex
CREATE INDEX "OnboardingAttempt_key_at_idx" ON "OnboardingAttempt"("key", "at");

-- AddForeignKey
ALTER TABLE "OnboardingInvitation" ADD CONSTRAINT "OnboardingInvitation_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE CASCADE ON UPDATE CASCADE;
