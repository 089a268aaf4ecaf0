-- Up Migration
-- Beyond Wikibase: the public change feed (GET …/wikibase/v1/changes). Every entity change the
-- repo saves, whether or not a client subscribes to its entity, kept for
-- repoSettings.changeFeedRetention (the crontab's wikibase:sweepChangeFeed deletes older
-- rows); independent of wb_changes, which dispatch empties.
--
-- cf_id is handed out in commit order: an edit takes the next id by updating the single row
-- of wb_change_feed_position, and the row lock it then holds until its commit makes every
-- other edit wait for that commit before taking its own id. So a reader that has seen id n
-- can never later see a smaller id appear (a bigserial could: transactions commit out of the
-- order they drew their ids). A rolled-back edit gives its id back; readers still treat the
-- ids as gap-tolerant (retention deletes rows).
CREATE TABLE wb_change_feed_position (
  cfp_single     boolean PRIMARY KEY DEFAULT true CHECK (cfp_single),
  cfp_last_id    bigint NOT NULL
);
INSERT INTO wb_change_feed_position (cfp_single, cfp_last_id) VALUES (true, 0);

CREATE TABLE wb_change_feed (
  cf_id           bigint PRIMARY KEY,
  -- The wb_changes row of the change when a client needed it; null otherwise.
  cf_change_id    bigint,
  cf_entity_id    varchar(255) NOT NULL,
  cf_type         varchar(25) NOT NULL,
  cf_revision_id  bigint NOT NULL DEFAULT 0,
  cf_user_id      bigint NOT NULL DEFAULT 0,
  cf_user_text    varchar(255) NOT NULL DEFAULT '',
  cf_time         timestamptz NOT NULL,
  -- The changed aspects (compact diff, array form) and the edit's comment.
  cf_aspects      jsonb NOT NULL,
  cf_comment      text NOT NULL DEFAULT ''
);
CREATE INDEX wb_change_feed_time ON wb_change_feed (cf_time);
CREATE INDEX wb_change_feed_entity ON wb_change_feed (cf_entity_id, cf_id);

-- Down Migration
DROP TABLE wb_change_feed;
DROP TABLE wb_change_feed_position;
