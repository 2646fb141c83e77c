-- Shoppers' devices for push offers (POST /v1/me/devices): a push token (or a Web Push
-- subscription) belongs to one device, hence to one shopper at a time: registering it again, from
-- whichever account, moves it there.
CREATE TABLE "devices" (
    "id" UUID NOT NULL,
    "pseudonym" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "devices_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "devices_platform_check" CHECK ("platform" IN ('ios', 'android', 'web'))
);
CREATE UNIQUE INDEX "devices_platform_token_key" ON "devices" ("platform", "token");
CREATE INDEX "devices_pseudonym_created_at_idx" ON "devices" ("pseudonym", "created_at");
