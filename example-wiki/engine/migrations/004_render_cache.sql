-- Up Migration
-- Rendered pages (the parser cache and web cache in one): a purge deletes the row, the next
-- view re-parses.
CREATE TABLE render_cache (
  rc_page        integer PRIMARY KEY,
  rc_rev         integer NOT NULL,
  rc_html        text NOT NULL,
  rc_langlinks   jsonb NOT NULL DEFAULT '[]',
  rc_warnings    jsonb NOT NULL DEFAULT '[]',
  rc_rendered_at timestamptz NOT NULL DEFAULT now()
);

