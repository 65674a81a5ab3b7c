-- CreateEnum
CREATE TYPE "RefundMatchRole" AS ENUM ('Clawback', 'Reimbursement');

-- CreateEnum
CREATE TYPE "ReconciliationExceptionKind" AS ENUM ('MissingClawback', 'UnmatchedDeduction', 'AmountDiffers', 'PlatformRefund');

-- CreateTable
CREATE TABLE "finance_sync_states" (
    "account_id" INTEGER NOT NULL,
    "watermark" TIMESTAMPTZ(3),
    "coverage_from" TIMESTAMPTZ(3),
    "last_sync_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "finance_sync_states_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "finance_sync_runs" (
    "id" SERIAL NOT NULL,
    "run_account_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "outcome" "SyncOutcome" NOT NULL DEFAULT 'Running',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "statements" INTEGER NOT NULL DEFAULT 0,
    "new_statements" INTEGER NOT NULL DEFAULT 0,
    "transactions" INTEGER NOT NULL DEFAULT 0,
    "sku_lines" INTEGER NOT NULL DEFAULT 0,
    "payments" INTEGER NOT NULL DEFAULT 0,
    "performance_days" INTEGER NOT NULL DEFAULT 0,
    "exceptions" INTEGER,
    "error_code" TEXT,
    "error" TEXT,
    "watermark_before" TIMESTAMPTZ(3),
    "watermark_after" TIMESTAMPTZ(3),

    CONSTRAINT "finance_sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finance_statements" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "statement_id" TEXT NOT NULL,
    "statement_time" TIMESTAMPTZ(3) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "settlement_amount" DECIMAL(18,4),
    "revenue_amount" DECIMAL(18,4),
    "net_sales_amount" DECIMAL(18,4),
    "shipping_cost_amount" DECIMAL(18,4),
    "fee_amount" DECIMAL(18,4),
    "adjustment_amount" DECIMAL(18,4),
    "payment_status" TEXT,
    "payment_id" TEXT,
    "transactions_synced_at" TIMESTAMPTZ(3),
    "transaction_count" INTEGER,
    "raw" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "finance_statements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finance_transactions" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "statement_row_id" INTEGER NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "order_id" TEXT,
    "order_create_time" TIMESTAMPTZ(3),
    "adjustment_id" TEXT,
    "adjustment_order_id" TEXT,
    "currency" VARCHAR(3) NOT NULL,
    "settlement_amount" DECIMAL(18,4),
    "revenue_amount" DECIMAL(18,4),
    "shipping_cost_amount" DECIMAL(18,4),
    "fee_tax_amount" DECIMAL(18,4),
    "adjustment_amount" DECIMAL(18,4),
    "refund_subtotal_amount" DECIMAL(18,4),
    "seller_discount_refund_amount" DECIMAL(18,4),
    "platform_discount_refund_amount" DECIMAL(18,4),
    "customer_paid_shipping_amount" DECIMAL(18,4),
    "refunded_customer_shipping_amount" DECIMAL(18,4),
    "return_shipping_amount" DECIMAL(18,4),
    "referral_fee_amount" DECIMAL(18,4),
    "refund_administration_fee_amount" DECIMAL(18,4),
    "customer_refund_amount" DECIMAL(18,4),
    "raw" JSONB NOT NULL,

    CONSTRAINT "finance_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finance_sku_lines" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "order_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "statement_id" TEXT NOT NULL,
    "sku_id" TEXT NOT NULL,
    "sku_name" TEXT,
    "quantity" TEXT,
    "currency" VARCHAR(3),
    "settlement_amount" DECIMAL(18,4),
    "refund_subtotal_amount" DECIMAL(18,4),
    "seller_discount_refund_amount" DECIMAL(18,4),
    "referral_fee_amount" DECIMAL(18,4),
    "refund_administration_fee_amount" DECIMAL(18,4),
    "return_shipping_amount" DECIMAL(18,4),
    "raw" JSONB NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "finance_sku_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "finance_payments" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "payment_id" TEXT NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT,
    "amount" DECIMAL(18,4),
    "currency" VARCHAR(3),
    "settlement_amount" DECIMAL(18,4),
    "reserve_amount" DECIMAL(18,4),
    "exchange_rate" DECIMAL(18,6),
    "paid_time" TIMESTAMPTZ(3),
    "bank_account" TEXT,
    "raw" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "finance_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shop_daily_performance" (
    "account_id" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "orders" INTEGER,
    "sku_orders" INTEGER,
    "units_sold" INTEGER,
    "buyers" INTEGER,
    "gmv_amount" DECIMAL(18,4),
    "currency" VARCHAR(3),
    "refunds_amount" DECIMAL(18,4),
    "cancellations_and_returns" INTEGER,
    "raw" JSONB NOT NULL,
    "synced_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shop_daily_performance_pkey" PRIMARY KEY ("account_id","date")
);

-- CreateTable
CREATE TABLE "refund_statement_matches" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "refund_id" INTEGER NOT NULL,
    "transaction_row_id" INTEGER NOT NULL,
    "role" "RefundMatchRole" NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "goods_amount" DECIMAL(18,4) NOT NULL,
    "customer_shipping_amount" DECIMAL(18,4) NOT NULL,
    "referral_fee_amount" DECIMAL(18,4) NOT NULL,
    "admin_fee_amount" DECIMAL(18,4) NOT NULL,
    "return_shipping_amount" DECIMAL(18,4) NOT NULL,
    "platform_discount_amount" DECIMAL(18,4) NOT NULL,
    "reimbursement_amount" DECIMAL(18,4) NOT NULL,
    "net_amount" DECIMAL(18,4) NOT NULL,
    "exact" BOOLEAN NOT NULL,

    CONSTRAINT "refund_statement_matches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_exceptions" (
    "id" SERIAL NOT NULL,
    "account_id" INTEGER NOT NULL,
    "kind" "ReconciliationExceptionKind" NOT NULL,
    "key" TEXT NOT NULL,
    "refund_id" INTEGER,
    "order_id" TEXT,
    "currency" VARCHAR(3),
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "refunded_amount" DECIMAL(18,4),
    "deducted_amount" DECIMAL(18,4),
    "difference_amount" DECIMAL(18,4),
    "reimbursed_amount" DECIMAL(18,4),
    "note" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reconciliation_exceptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_exception_lines" (
    "exception_id" INTEGER NOT NULL,
    "transaction_row_id" INTEGER NOT NULL,

    CONSTRAINT "reconciliation_exception_lines_pkey" PRIMARY KEY ("exception_id","transaction_row_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "finance_sync_runs_run_account_id_key" ON "finance_sync_runs"("run_account_id");

-- CreateIndex
CREATE INDEX "finance_statements_account_id_statement_time_idx" ON "finance_statements"("account_id", "statement_time" DESC);

-- CreateIndex
CREATE INDEX "finance_statements_statement_time_id_idx" ON "finance_statements"("statement_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "finance_statements_account_id_payment_status_idx" ON "finance_statements"("account_id", "payment_status");

-- CreateIndex
CREATE UNIQUE INDEX "finance_statements_account_id_statement_id_key" ON "finance_statements"("account_id", "statement_id");

-- CreateIndex
CREATE INDEX "finance_transactions_account_id_order_id_idx" ON "finance_transactions"("account_id", "order_id");

-- CreateIndex
CREATE INDEX "finance_transactions_account_id_adjustment_order_id_idx" ON "finance_transactions"("account_id", "adjustment_order_id");

-- CreateIndex
CREATE INDEX "finance_transactions_statement_row_id_idx" ON "finance_transactions"("statement_row_id");

-- CreateIndex
CREATE UNIQUE INDEX "finance_transactions_account_id_transaction_id_key" ON "finance_transactions"("account_id", "transaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "finance_sku_lines_account_id_order_id_position_key" ON "finance_sku_lines"("account_id", "order_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "finance_payments_account_id_payment_id_key" ON "finance_payments"("account_id", "payment_id");

-- CreateIndex
CREATE INDEX "refund_statement_matches_transaction_row_id_idx" ON "refund_statement_matches"("transaction_row_id");

-- CreateIndex
CREATE INDEX "refund_statement_matches_account_id_idx" ON "refund_statement_matches"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "refund_statement_matches_refund_id_transaction_row_id_role_key" ON "refund_statement_matches"("refund_id", "transaction_row_id", "role");

-- CreateIndex
CREATE INDEX "reconciliation_exceptions_occurred_at_id_idx" ON "reconciliation_exceptions"("occurred_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "reconciliation_exceptions_refund_id_idx" ON "reconciliation_exceptions"("refund_id");

-- CreateIndex
CREATE UNIQUE INDEX "reconciliation_exceptions_account_id_kind_key_key" ON "reconciliation_exceptions"("account_id", "kind", "key");

-- CreateIndex
CREATE INDEX "reconciliation_exception_lines_transaction_row_id_idx" ON "reconciliation_exception_lines"("transaction_row_id");

-- AddForeignKey
ALTER TABLE "finance_sync_states" ADD CONSTRAINT "finance_sync_states_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "shop_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finance_sync_runs" ADD CONSTRAINT "finance_sync_runs_run_account_id_fkey" FOREIGN KEY ("run_account_id") REFERENCES "sync_run_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finance_statements" ADD CONSTRAINT "finance_statements_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "shop_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finance_transactions" ADD CONSTRAINT "finance_transactions_statement_row_id_fkey" FOREIGN KEY ("statement_row_id") REFERENCES "finance_statements"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finance_sku_lines" ADD CONSTRAINT "finance_sku_lines_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "shop_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finance_payments" ADD CONSTRAINT "finance_payments_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "shop_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shop_daily_performance" ADD CONSTRAINT "shop_daily_performance_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "shop_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_statement_matches" ADD CONSTRAINT "refund_statement_matches_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund_statement_matches" ADD CONSTRAINT "refund_statement_matches_transaction_row_id_fkey" FOREIGN KEY ("transaction_row_id") REFERENCES "finance_transactions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconciliation_exceptions" ADD CONSTRAINT "reconciliation_exceptions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "shop_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconciliation_exceptions" ADD CONSTRAINT "reconciliation_exceptions_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconciliation_exception_lines" ADD CONSTRAINT "reconciliation_exception_lines_exception_id_fkey" FOREIGN KEY ("exception_id") REFERENCES "reconciliation_exceptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reconciliation_exception_lines" ADD CONSTRAINT "reconciliation_exception_lines_transaction_row_id_fkey" FOREIGN KEY ("transaction_row_id") REFERENCES "finance_transactions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
