-- Every request to a push provider, with what it answered (not only the delivery's final push
-- status): per-provider figures in the campaign stats, and the history of one delivery's sends.
-- Goes with its delivery (erasure, retention).
CREATE TABLE push_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id  uuid NOT NULL,
    pseudonym    uuid NOT NULL,
    provider     text NOT NULL,
    outcome      text NOT NULL,
    status_code  integer,
    reason       text,
    attempted_at timestamptz(3) NOT NULL DEFAULT now(),
    CONSTRAINT push_attempts_delivery_fkey FOREIGN KEY (campaign_id, pseudonym)
        REFERENCES offer_deliveries (campaign_id, pseudonym) ON DELETE CASCADE,
    CONSTRAINT push_attempts_outcome_check CHECK (outcome IN ('sent', 'dead', 'retry', 'unauthorized', 'rejected', 'unsupported'))
);
CREATE INDEX push_attempts_delivery_idx ON push_attempts (campaign_id, pseudonym);
