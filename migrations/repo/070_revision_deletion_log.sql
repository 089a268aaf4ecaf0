-- Up Migration
-- The log of `action=revisiondelete` (MediaWiki's `logging` rows of type `delete` or
-- `suppress`, action `revision`; RevDelList::updateLog): who changed the visibility of which
-- revisions of an entity, from which bits to which, why, with which change tags. One row per
-- request that changed something. Suppress rows are the suppression log: only
-- `suppressrevision` holders may read them.
CREATE TABLE wb_revision_deletion_log (
  log_id         bigserial PRIMARY KEY,
  log_type       varchar(16) NOT NULL CHECK (log_type IN ('delete', 'suppress')),
  log_action     varchar(16) NOT NULL DEFAULT 'revision',
  log_timestamp  timestamptz NOT NULL DEFAULT now(),
  log_user_id    bigint NOT NULL DEFAULT 0,
  log_user_text  varchar(255) NOT NULL DEFAULT '',
  log_entity_id  varchar(255) NOT NULL,
  log_comment    text NOT NULL DEFAULT '',
  -- MediaWiki's log_params for revision deletion: { type, ids, ofield, nfield }
  log_params     jsonb NOT NULL,
  log_tags       text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX wb_revision_deletion_log_entity ON wb_revision_deletion_log (log_entity_id, log_id);

-- Down Migration
DROP TABLE wb_revision_deletion_log;
