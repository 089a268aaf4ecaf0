-- Up Migration
-- Beyond Wikibase: delivery is tracked per client, so one client that is down is retried
-- alone, the others are not held back or sent twice, and a change row is deleted only when
-- every target has it.
CREATE TABLE wb_changes_delivery (
  cd_change_id   bigint NOT NULL REFERENCES wb_changes (change_id) ON DELETE CASCADE,
  cd_site_id     varchar(32) NOT NULL,
  cd_queued_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cd_site_id, cd_change_id)
);
CREATE INDEX wb_changes_delivery_change ON wb_changes_delivery (cd_change_id);

-- Last successful delivery per client, for dispatch status and lag.
CREATE TABLE wb_dispatch_client_state (
  ds_site_id          varchar(32) PRIMARY KEY,
  ds_last_delivery    timestamptz,
  ds_last_change_id   bigint,
  ds_delivered_total  bigint NOT NULL DEFAULT 0
);

-- Down Migration
DROP TABLE wb_dispatch_client_state;
DROP TABLE wb_changes_delivery;
