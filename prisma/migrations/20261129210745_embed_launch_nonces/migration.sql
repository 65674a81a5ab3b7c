-- CreateTable
CREATE TABLE "embed_launch_nonces" (
    "nonce" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "embed_launch_nonces_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "embed_launch_nonces_expires_at_idx" ON "embed_launch_nonces"("expires_at");
