-- Up Migration
-- Beyond Wikibase: a client wiki whose repo is reached over HTTP only (remote mode, issue 19;
-- plugin/remote/). Wikibase clients read their repo's database (or a shared cache); a remote
-- client keeps what it read here, so a page with many usages does not make a request per
-- usage and per render.
--
-- The repo's latest answer per entity id: the lookup's outcome (found with the entity and,
-- for a redirect, its target; or missing and why), as plugin/repo-reader's
-- EntityLookupResult. Received changes invalidate rows by id and by redirect target
-- (re_outcome set to NULL, re_generation bumped); a read that fetched while an invalidation
-- ran stores its answer only if the generation it read is still the row's.
CREATE TABLE wbc_remote_entity (
  re_entity_id   text PRIMARY KEY,
  re_outcome     jsonb,
  -- The id the outcome's entity has (the redirect's target); null for a missing outcome.
  re_target_id   text,
  re_generation  bigint NOT NULL DEFAULT 0,
  re_fetched_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wbc_remote_entity_target ON wbc_remote_entity (re_target_id) WHERE re_target_id IS NOT NULL;

-- Revisions read by id (coalescing rebuilds diffs from them): a revision never changes, so it is
-- kept until the wiki drops the table.
CREATE TABLE wbc_remote_revision (
  rr_entity_id   text NOT NULL,
  rr_revision_id bigint NOT NULL,
  rr_entity      jsonb NOT NULL,
  PRIMARY KEY (rr_entity_id, rr_revision_id)
);

-- Entities whose subscription on the repo may have to change, written in the page save's
-- transaction (the save never waits on the repo); wikibase:syncSubscriptions sends what the
-- usage table says now and deletes the rows it sent unless a save marked them again meanwhile
-- (so_generation moved on).
CREATE TABLE wbc_subscription_outbox (
  so_entity_id   text PRIMARY KEY,
  so_generation  bigint NOT NULL DEFAULT 0,
  so_queued_at   timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE wbc_subscription_outbox;
DROP TABLE wbc_remote_revision;
DROP TABLE wbc_remote_entity;
