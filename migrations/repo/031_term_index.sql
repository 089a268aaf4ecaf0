-- Up Migration
-- The term index behind search and suggest (GET …/v1/search/… and …/v1/suggest/…): one row
-- per label, alias and description of each entity's latest revision, plus one row per later
-- word start of each label and alias, so a query matching a word inside a term is a prefix
-- match too. Written with every revision (entity-store.ts saveRevision →
-- term-index-store.ts), so it changes in the writer's transaction. Deleted entities and
-- redirects keep their rows and are filtered out by joining wb_entities: their state lives
-- there, and every writer of that state is then covered without writing here.
-- The keys are computed in Node (term-index-rows.ts: NFC, lower case, spaces collapsed), not
-- in SQL, so they equal the keys of the query. Entities saved before this migration are
-- indexed by the task wikibase:reindexTerms, which the repo queues at start while
-- wb_term_index_backfill holds a row (and `fastify-wikibase terms reindex` does the same).
CREATE TABLE wb_term_index (
  ti_entity_id          varchar(32) NOT NULL REFERENCES wb_entities (entity_id),
  ti_entity_type        varchar(32) NOT NULL,
  ti_entity_numeric_id  bigint NOT NULL,
  ti_language           varchar(64) NOT NULL,
  -- 0 label, 1 alias, 2 description (descriptions are shown, never matched)
  ti_term_type          smallint NOT NULL CHECK (ti_term_type BETWEEN 0 AND 2),
  ti_text               text NOT NULL,
  -- 0: the whole term; n > 0: the key starts at the term's (n+1)-th word
  ti_word_pos           smallint NOT NULL DEFAULT 0,
  -- byte order ("C"): a prefix is one range of the index, and ORDER BY walks the index
  ti_key                text COLLATE "C" NOT NULL
);
CREATE INDEX wb_term_index_entity ON wb_term_index (ti_entity_id);
-- Suggest and the whole-term part of search: per language, entity type and term type (labels
-- rank before aliases), the key prefix in key order, so a LIMIT stops the scan early.
CREATE INDEX wb_term_index_terms ON wb_term_index (ti_language, ti_entity_type, ti_term_type, ti_key, ti_entity_numeric_id)
  WHERE ti_word_pos = 0 AND ti_term_type < 2;
-- The word-start part of search.
CREATE INDEX wb_term_index_words ON wb_term_index (ti_language, ti_entity_type, ti_term_type, ti_key, ti_entity_numeric_id)
  WHERE ti_word_pos > 0;

-- A row while entities saved before this migration may lack their terms in the index.
CREATE TABLE wb_term_index_backfill (pending boolean PRIMARY KEY CHECK (pending));
INSERT INTO wb_term_index_backfill SELECT true WHERE EXISTS (SELECT 1 FROM wb_entities);

-- Down Migration
DROP TABLE wb_term_index_backfill;
DROP TABLE wb_term_index;
