-- Up Migration
-- Settings of the farm this wiki was seeded for (e.g. the URLs of the sites it knows).
CREATE TABLE farm_setting (
  fs_name  text PRIMARY KEY,
  fs_value text NOT NULL
);
