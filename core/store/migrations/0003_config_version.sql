-- A counter that every change to what the delivery path reads bumps (connections, their
-- credentials and mappings, custom fields, pipelines), so leadhubd can cache those and re-read
-- them only when the counter moves.
CREATE TABLE config_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 0);

CREATE TRIGGER tenants_insert_bumps_config AFTER INSERT ON tenants
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER tenants_update_bumps_config AFTER UPDATE ON tenants
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER tenants_delete_bumps_config AFTER DELETE ON tenants
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER pipelines_insert_bumps_config AFTER INSERT ON pipelines
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER pipelines_update_bumps_config AFTER UPDATE ON pipelines
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER pipelines_delete_bumps_config AFTER DELETE ON pipelines
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER stages_insert_bumps_config AFTER INSERT ON stages
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER stages_update_bumps_config AFTER UPDATE ON stages
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER stages_delete_bumps_config AFTER DELETE ON stages
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER custom_fields_insert_bumps_config AFTER INSERT ON custom_fields
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER custom_fields_update_bumps_config AFTER UPDATE ON custom_fields
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER custom_fields_delete_bumps_config AFTER DELETE ON custom_fields
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER sources_insert_bumps_config AFTER INSERT ON sources
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER sources_update_bumps_config AFTER UPDATE ON sources
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER sources_delete_bumps_config AFTER DELETE ON sources
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER credentials_insert_bumps_config AFTER INSERT ON credentials
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER credentials_update_bumps_config AFTER UPDATE ON credentials
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER credentials_delete_bumps_config AFTER DELETE ON credentials
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER field_mappings_insert_bumps_config AFTER INSERT ON field_mappings
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER field_mappings_update_bumps_config AFTER UPDATE ON field_mappings
BEGIN UPDATE config_version SET version = version + 1; END;
CREATE TRIGGER field_mappings_delete_bumps_config AFTER DELETE ON field_mappings
BEGIN UPDATE config_version SET version = version + 1; END;
