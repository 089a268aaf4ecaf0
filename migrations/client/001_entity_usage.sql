-- Up Migration
-- Which page uses which aspect of which entity (facts §1.5).
CREATE TABLE wbc_entity_usage (
  eu_row_id     bigserial PRIMARY KEY,
  eu_entity_id  varchar(255) NOT NULL,
  eu_aspect     varchar(37) NOT NULL,
  eu_page_id    integer NOT NULL,
  CONSTRAINT wbc_entity_usage_entity_aspect_page UNIQUE (eu_entity_id, eu_aspect, eu_page_id)
);
CREATE INDEX wbc_entity_usage_page_id ON wbc_entity_usage (eu_page_id, eu_entity_id);

-- Down Migration
DROP TABLE wbc_entity_usage;
