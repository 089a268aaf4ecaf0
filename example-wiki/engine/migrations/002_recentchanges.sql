-- Up Migration
-- MediaWiki's recentchanges; rows with rc_source 'wb' are repo changes the plugin injects.
CREATE TABLE recentchanges (
  rc_id          serial PRIMARY KEY,
  rc_timestamp   timestamptz NOT NULL DEFAULT now(),
  rc_namespace   integer NOT NULL,
  rc_title       text NOT NULL,
  rc_cur_id      integer NOT NULL DEFAULT 0,
  rc_this_oldid  integer NOT NULL DEFAULT 0,
  rc_last_oldid  integer NOT NULL DEFAULT 0,
  rc_user        integer NOT NULL DEFAULT 0,
  rc_user_text   text NOT NULL,
  rc_comment     text NOT NULL DEFAULT '',
  rc_bot         boolean NOT NULL DEFAULT false,
  rc_minor       boolean NOT NULL DEFAULT false,
  rc_source      text NOT NULL,
  rc_patrolled   smallint NOT NULL DEFAULT 0,
  rc_deleted     boolean NOT NULL DEFAULT false,
  rc_old_len     integer,
  rc_new_len     integer,
  rc_log_type    text,
  rc_log_action  text,
  rc_params      jsonb
);
CREATE INDEX recentchanges_timestamp ON recentchanges (rc_timestamp DESC, rc_id DESC);
CREATE INDEX recentchanges_source ON recentchanges (rc_source, rc_timestamp DESC);
CREATE INDEX recentchanges_page ON recentchanges (rc_namespace, rc_title);
