-- Up Migration
-- A remote client pages through its subscriptions by entity id
-- (GET …/wikibase/v1/clients/{siteId}/subscriptions?after=…, issue 19): an index on
-- (subscriber, entity) reads each page in order instead of sorting all the client's rows. It
-- also serves everything the subscriber-only index did (the orphan sweep's loose index scan,
-- deletes by subscriber), which it replaces.
CREATE INDEX wb_changes_subscription_subscriber_entity ON wb_changes_subscription (cs_subscriber_id, cs_entity_id);
DROP INDEX wb_changes_subscription_subscriber;

-- Down Migration
CREATE INDEX wb_changes_subscription_subscriber ON wb_changes_subscription (cs_subscriber_id);
DROP INDEX wb_changes_subscription_subscriber_entity;
