-- Up Migration
-- What read paths need of a property, in columns of their own, so that no query re-parses
-- stored entity JSON: PostgreSQL's JSON functions (`->>`, json_each) fail on a whole document
-- that holds one `\u0000` or lone surrogate, and one such row once broke every read that
-- touched it. Written with every property revision (entity-store.ts saveRevision).
-- Wikibase keeps the datatype the same way, in wb_property_info (pi_type).
CREATE TABLE wb_property_info (
  pi_property_id  varchar(32) PRIMARY KEY REFERENCES wb_entities (entity_id),
  pi_type         varchar(255) NOT NULL
);

-- The labels of the latest revision of each property (PropertyLabelResolver's lookup).
CREATE TABLE wb_property_labels (
  pl_property_id  varchar(32) NOT NULL REFERENCES wb_entities (entity_id),
  pl_language     varchar(64) NOT NULL,
  pl_label        text NOT NULL,
  PRIMARY KEY (pl_property_id, pl_language)
);
CREATE INDEX wb_property_labels_label ON wb_property_labels (pl_language, pl_label);

-- Existing properties, one at a time: a row the JSON functions cannot read keeps its
-- datatype (read from the text) and is left without labels, instead of failing the migration.
DO $$
DECLARE
  p record;
  found_type text;
BEGIN
  FOR p IN
    SELECT e.entity_id, r.rev_content FROM wb_entities e JOIN wb_entity_revisions r ON r.rev_id = e.entity_latest_rev
     WHERE e.entity_type = 'property'
  LOOP
    BEGIN
      found_type := p.rev_content ->> 'datatype';
      IF found_type IS NOT NULL THEN
        INSERT INTO wb_property_info (pi_property_id, pi_type) VALUES (p.entity_id, found_type);
      END IF;
      INSERT INTO wb_property_labels (pl_property_id, pl_language, pl_label)
        SELECT p.entity_id, l.key, l.value ->> 'value' FROM json_each(p.rev_content -> 'labels') l
         WHERE json_typeof(p.rev_content -> 'labels') = 'object' AND l.value ->> 'value' IS NOT NULL;
    EXCEPTION WHEN others THEN
      found_type := substring(p.rev_content::text FROM '"datatype"\s*:\s*"([A-Za-z0-9_-]{1,255})"');
      IF found_type IS NOT NULL THEN
        INSERT INTO wb_property_info (pi_property_id, pi_type) VALUES (p.entity_id, found_type) ON CONFLICT DO NOTHING;
      END IF;
    END;
  END LOOP;
END $$;

-- Down Migration
DROP TABLE wb_property_labels;
DROP TABLE wb_property_info;
