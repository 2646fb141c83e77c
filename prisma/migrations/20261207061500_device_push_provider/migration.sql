-- Devices name their push provider: APNs or FCM directly, Web Push, or the retailer's gateway.
-- Native devices registered before went through the gateway (the only native provider then).
ALTER TABLE devices ADD COLUMN provider text;
UPDATE devices SET provider = CASE WHEN platform = 'web' THEN 'webpush' ELSE 'gateway' END;
ALTER TABLE devices ALTER COLUMN provider SET NOT NULL;
ALTER TABLE devices ADD CONSTRAINT devices_provider_check CHECK (provider IN ('apns', 'fcm', 'webpush', 'gateway'));
