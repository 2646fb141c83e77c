-- Foundation: shoppers, pseudonymous identity, consent ledger, API keys, privacy audit.

CREATE TABLE "shoppers" (
    "pseudonym" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_active_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "shoppers_pkey" PRIMARY KEY ("pseudonym")
);
CREATE INDEX "shoppers_last_active_at_idx" ON "shoppers" ("last_active_at");

CREATE TABLE "identity_index" (
    "lookup" TEXT NOT NULL,
    "key_version" INTEGER NOT NULL,
    "pseudonym" UUID NOT NULL,
    CONSTRAINT "identity_index_pkey" PRIMARY KEY ("lookup")
);
CREATE UNIQUE INDEX "identity_index_pseudonym_key" ON "identity_index" ("pseudonym");
CREATE INDEX "identity_index_key_version_idx" ON "identity_index" ("key_version");

CREATE TABLE "identity_vault" (
    "pseudonym" UUID NOT NULL,
    "key_version" INTEGER NOT NULL,
    "iv" BYTEA NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "tag" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "identity_vault_pkey" PRIMARY KEY ("pseudonym")
);
CREATE INDEX "identity_vault_key_version_idx" ON "identity_vault" ("key_version");

CREATE TABLE "consent_ledger" (
    "id" BIGSERIAL NOT NULL,
    "pseudonym" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "basis" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "notice_version" TEXT,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "consent_ledger_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "consent_ledger_pseudonym_id_idx" ON "consent_ledger" ("pseudonym", "id");

CREATE TABLE "consent_state" (
    "pseudonym" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "granted" BOOLEAN NOT NULL,
    "basis" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "notice_version" TEXT,
    "decision_id" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "consent_state_pkey" PRIMARY KEY ("pseudonym", "purpose")
);

CREATE TABLE "suppliers" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "suppliers_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "supplier_id" UUID,
    "key_hash" TEXT NOT NULL,
    "key_prefix" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_keys_role_check" CHECK ("role" IN ('admin', 'marketer', 'supplier', 'privacy', 'ingest')),
    CONSTRAINT "api_keys_supplier_check" CHECK (("role" = 'supplier') = ("supplier_id" IS NOT NULL)),
    CONSTRAINT "api_keys_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers" ("id")
);
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" ("key_hash");

CREATE TABLE "privacy_audit" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "pseudonym" UUID,
    "reason" TEXT,
    "details" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "privacy_audit_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "privacy_audit_at_idx" ON "privacy_audit" ("at");

-- Append-only ledgers, enforced by the database and not only by the code. Erasure and retention
-- (which must remove a shopper's ledger rows) open a narrow door for one transaction with
-- `SET LOCAL panier.ledger_purge = 'on'`; the purge itself is recorded in privacy_audit.
CREATE FUNCTION "panier_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('panier.ledger_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "consent_ledger_append_only"
    BEFORE UPDATE OR DELETE ON "consent_ledger"
    FOR EACH ROW EXECUTE FUNCTION "panier_append_only"();
CREATE TRIGGER "consent_ledger_no_truncate"
    BEFORE TRUNCATE ON "consent_ledger"
    FOR EACH STATEMENT EXECUTE FUNCTION "panier_append_only"();

CREATE TRIGGER "privacy_audit_append_only"
    BEFORE UPDATE OR DELETE ON "privacy_audit"
    FOR EACH ROW EXECUTE FUNCTION "panier_append_only"();
CREATE TRIGGER "privacy_audit_no_truncate"
    BEFORE TRUNCATE ON "privacy_audit"
    FOR EACH STATEMENT EXECUTE FUNCTION "panier_append_only"();
