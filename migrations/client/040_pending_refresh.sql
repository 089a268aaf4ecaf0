-- Up Migration
-- Beyond Wikibase (issue 18 point 3): the pages whose links are to be refreshed, as a set.
-- Wikibase queues one RefreshLinksJob per page and change; a page used by many edited
-- entities was re-parsed once per change. Here a change upserts its pages (a pending page
-- keeps its oldest queue time and its highest priority) and one keyed drain job
-- (wikibase:refreshPages) re-renders them in batches at the rate the wiki allows. A page
-- leaves the set only after its refresh ran, so a crash re-renders it again (idempotent).
CREATE TABLE wbc_pending_refresh (
  pr_page_id    integer PRIMARY KEY,
  pr_namespace  integer NOT NULL,
  pr_title      text NOT NULL,
  -- Higher first: 2 the page's links depend on the data, 1 they may, 0 only its text does
  -- (plugin/client/refresh/refresh-priority.ts).
  pr_priority   smallint NOT NULL DEFAULT 0,
  pr_queued_at  timestamptz NOT NULL DEFAULT now(),
  -- The latest change's cause (MediaWiki's cause action/agent and root job parameters).
  pr_cause      jsonb NOT NULL,
  -- Bumped by every upsert: the drain deletes a page only if no change queued it again
  -- while its refresh ran (that refresh may have read the data before the change).
  pr_generation bigint NOT NULL DEFAULT 0
);
-- The drain's order: priority first, then oldest first.
CREATE INDEX wbc_pending_refresh_order ON wbc_pending_refresh (pr_priority DESC, pr_queued_at, pr_page_id);

-- Down Migration
DROP TABLE wbc_pending_refresh;
