-- Up Migration
-- The wiki's users, pages and revisions (MediaWiki's column names, trimmed).
CREATE TABLE wiki_user (
  user_id         serial PRIMARY KEY,
  user_name       text NOT NULL UNIQUE,
  user_bot        boolean NOT NULL DEFAULT false,
  user_registered timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE page (
  page_id        serial PRIMARY KEY,
  page_namespace integer NOT NULL,
  page_title     text NOT NULL,
  page_latest    integer NOT NULL DEFAULT 0,
  page_len       integer NOT NULL DEFAULT 0,
  page_lang      text NOT NULL,
  page_touched   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (page_namespace, page_title)
);

-- Revisions outlive their page (a deleted page's history stays, keyed by the old page id).
CREATE TABLE revision (
  rev_id        serial PRIMARY KEY,
  rev_page      integer NOT NULL,
  rev_parent_id integer NOT NULL DEFAULT 0,
  rev_timestamp timestamptz NOT NULL DEFAULT now(),
  rev_user      integer NOT NULL DEFAULT 0,
  rev_user_text text NOT NULL,
  rev_comment   text NOT NULL DEFAULT '',
  rev_minor     boolean NOT NULL DEFAULT false,
  rev_len       integer NOT NULL,
  rev_text      text NOT NULL
);
CREATE INDEX revision_page_id ON revision (rev_page, rev_id DESC);
