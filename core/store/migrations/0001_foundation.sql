-- Tenants, pipelines with ordered stages, custom fields, source connections, credentials, mappings.
CREATE TABLE tenants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
INSERT INTO tenants (id, name, created_at) VALUES ('default', 'Default', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

CREATE TABLE pipelines (
  id          INTEGER PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE stages (
  id           INTEGER PRIMARY KEY,
  pipeline_id  INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('open', 'won', 'lost')),
  UNIQUE (pipeline_id, name),
  UNIQUE (pipeline_id, position)
);

CREATE TABLE custom_fields (
  id          INTEGER PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  label       TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'bool')),
  created_at  TEXT NOT NULL,
  UNIQUE (tenant_id, key)
);

CREATE TABLE sources (
  id            INTEGER PRIMARY KEY,
  tenant_id     TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  type          TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  token_hash    BLOB NOT NULL UNIQUE,   -- SHA-256 of the webhook token, for lookup
  token_sealed  BLOB NOT NULL,          -- the token, AES-256-GCM under the master key
  pipeline_id   INTEGER REFERENCES pipelines(id) ON DELETE SET NULL,
  stage_id      INTEGER REFERENCES stages(id) ON DELETE SET NULL,
  oauth_status  TEXT CHECK (oauth_status IN ('not_connected', 'connected', 'expired', 'error')),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (tenant_id, name)
);
CREATE INDEX sources_tenant_type ON sources (tenant_id, type);

CREATE TABLE credentials (
  source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  key           TEXT NOT NULL,
  value_sealed  BLOB NOT NULL,
  set_at        TEXT NOT NULL,
  PRIMARY KEY (source_id, key)
) WITHOUT ROWID;

CREATE TABLE field_mappings (
  source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  incoming    TEXT NOT NULL,
  target      TEXT NOT NULL,
  PRIMARY KEY (source_id, incoming)
) WITHOUT ROWID;
