-- Deliveries whose push is still to be sent: few at any time (a send settles them), found by the
-- push sweep without reading the whole inbox table.
CREATE INDEX "offer_deliveries_pending_push_idx" ON "offer_deliveries" ("delivered_at") WHERE "push_status" = 'pending';
