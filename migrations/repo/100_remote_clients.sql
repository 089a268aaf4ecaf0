-- Up Migration
-- Beyond Wikibase: client wikis outside the repo's database farm (issue 19). A remote client is
-- registered by the CLI (`fastify-wikibase clients add <siteId> --url …`), which prints its
-- token once. The repo keeps only what it needs of that token (plugin/remote/credentials.ts):
--   rc_token_hash  SHA-256 of the token (domain-separated): authenticates the client's calls
--                  (subscriptions, feed) — the token itself cannot be recovered from it;
--   rc_push_key    an HMAC key derived one-way from the token: signs the change batches the
--                  repo pushes to rc_push_url. The client derives the same key from its token.
-- A revoked client (rc_revoked set) is refused everywhere; its row stays for the audit trail
-- until `clients remove --purge`.
CREATE TABLE wb_remote_client (
  rc_site_id     varchar(32) PRIMARY KEY,
  rc_push_url    text NOT NULL,
  rc_token_hash  bytea NOT NULL UNIQUE,
  rc_push_key    bytea NOT NULL,
  rc_created     timestamptz NOT NULL DEFAULT now(),
  rc_revoked     timestamptz
);

-- Down Migration
DROP TABLE wb_remote_client;
