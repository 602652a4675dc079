-- Relay order must be insert order. UUIDv7 ids made within the same millisecond are not monotonic (their low bits are
-- random), so EnterpriseUpdated and EnterpriseReclassified written in one transaction could leave in either order.
ALTER TABLE outbox_messages ADD COLUMN IF NOT EXISTS position bigserial;
DROP INDEX IF EXISTS outbox_messages_pending;
CREATE INDEX IF NOT EXISTS outbox_messages_pending_position ON outbox_messages (position) WHERE published_at IS NULL;
