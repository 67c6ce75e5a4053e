-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "stepUpAt" TIMESTAMP(3);
