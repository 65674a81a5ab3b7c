-- AlterTable
ALTER TABLE "sync_run_accounts" ADD COLUMN     "notes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "reported_total" INTEGER,
ADD COLUMN     "skipped" INTEGER NOT NULL DEFAULT 0;
