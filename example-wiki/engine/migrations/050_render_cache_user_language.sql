-- Up Migration
-- One cached rendering per page and user language for pages whose rendering depends on the
-- user's language (the plugin marks such parser outputs: usedOptions has 'userlang', when
-- allowDataAccessInUserLanguage is on); '' for a rendering every user gets. A page has either
-- one '' row or rows per language, never both (storeRender keeps it so).
ALTER TABLE render_cache ADD COLUMN rc_user_lang text NOT NULL DEFAULT '';
ALTER TABLE render_cache DROP CONSTRAINT render_cache_pkey;
ALTER TABLE render_cache ADD PRIMARY KEY (rc_page, rc_user_lang);
