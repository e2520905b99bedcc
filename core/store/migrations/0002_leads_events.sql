-- Leads, their stage history, and delivery events.
CREATE TABLE events (
  id            INTEGER PRIMARY KEY,
  tenant_id     TEXT,
  source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  source_type   TEXT,
  received_at   TEXT NOT NULL,
  channel       TEXT NOT NULL CHECK (channel IN ('webhook', 'imap', 'form', 'oauth_fetch')),
  outcome       TEXT NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'ignored_inactive',
                  'rejected_signature', 'invalid_payload', 'handshake', 'error')),
  http_status   INTEGER,
  lead_ids      TEXT NOT NULL DEFAULT '[]',  -- JSON array
  detail        TEXT NOT NULL DEFAULT '',
  method        TEXT,
  content_type  TEXT,
  headers       TEXT,                        -- JSON object, secret headers redacted
  body          BLOB,
  test          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_source ON events (source_id, id);
CREATE INDEX events_tenant ON events (tenant_id, id);

CREATE TABLE leads (
  id           INTEGER PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  source_id    INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  source_name  TEXT NOT NULL,
  source_type  TEXT NOT NULL,
  external_id  TEXT,
  first_name   TEXT NOT NULL DEFAULT '',
  last_name    TEXT NOT NULL DEFAULT '',
  email        TEXT NOT NULL DEFAULT '',
  phone        TEXT NOT NULL DEFAULT '',
  company      TEXT NOT NULL DEFAULT '',
  job_title    TEXT NOT NULL DEFAULT '',
  city         TEXT NOT NULL DEFAULT '',
  country      TEXT NOT NULL DEFAULT '',
  notes        TEXT NOT NULL DEFAULT '',
  custom       TEXT NOT NULL DEFAULT '{}',  -- JSON object
  extra        TEXT NOT NULL DEFAULT '{}',  -- JSON object
  pipeline_id  INTEGER REFERENCES pipelines(id) ON DELETE SET NULL,
  stage_id     INTEGER REFERENCES stages(id) ON DELETE SET NULL,
  test         INTEGER NOT NULL DEFAULT 0,
  received_at  TEXT NOT NULL,
  event_id     INTEGER REFERENCES events(id) ON DELETE SET NULL
);
-- Duplicate deliveries are dropped per connection by the platform's id.
CREATE UNIQUE INDEX leads_dedup ON leads (source_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX leads_tenant_received ON leads (tenant_id, received_at);
CREATE INDEX leads_source_received ON leads (source_id, received_at);

CREATE TABLE stage_history (
  id           INTEGER PRIMARY KEY,
  lead_id      INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
  pipeline_id  INTEGER,
  stage_id     INTEGER,
  pipeline     TEXT,
  stage        TEXT,
  changed_at   TEXT NOT NULL
);
CREATE INDEX stage_history_lead ON stage_history (lead_id);
