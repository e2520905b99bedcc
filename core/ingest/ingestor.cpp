#include "core/ingest/ingestor.hpp"

#include "core/ingest/checkpointer.hpp"
#include "core/ingest/commit_queue.hpp"
#include "core/ingest/reader_pool.hpp"
#include "core/ingest/replies.hpp"
#include "core/ingest/source_cache.hpp"
#include "core/leads/mapping.hpp"
#include "core/store/event_repo.hpp"
#include "core/store/ingest_writer.hpp"
#include "core/store/source_repo.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace leadhub::ingest {

namespace {

// What a delivery turned into, ready for the writer thread.
struct Commit {
  store::Event event;
  std::vector<store::LeadRecord> leads;
  bool update_existing = false; // replay: a lead with the same external id is updated in place
  std::vector<int64_t> replaced;  // replay: the leads the original delivery made, in order
  int64_t config_version = -1;    // what the event's and leads' references were read at (-1: unknown)
};

struct Committed {
  int64_t event_id = 0;
  std::vector<int64_t> created, updated;
  size_t duplicates = 0;
};

// A commit as the writer runs it; it may run more than once, each time from the outcome and status
// it was given.
struct Job {
  Commit commit;
  Committed out;
  std::string outcome;
  int status = 200;
  explicit Job(Commit&& c)
      : commit(std::move(c)), outcome(commit.event.outcome), status(commit.event.http_status.value_or(200))
  {
  }
};

// What a delivery turned into: an answer already, or a commit whose result completes the answer.
struct Plan {
  Reply reply;
  std::optional<Commit> commit = std::nullopt;
  bool lists_leads = false; // the answer is made from the leads the commit created or updated
};

// The answer to a planned delivery once its commit is done.
Reply complete(Plan& plan, const Committed& done)
{
  Reply reply;
  if (plan.lists_leads) {
    auto ids = done.created;
    ids.insert(ids.end(), done.updated.begin(), done.updated.end());
    reply = ids.empty() ? status_reply("duplicate", "duplicate") : accepted_reply(ids);
    reply.lead_ids = std::move(ids);
    reply.source_id = plan.reply.source_id;
    reply.source_type = plan.reply.source_type;
  } else {
    reply = std::move(plan.reply);
  }
  reply.event_id = done.event_id;
  return reply;
}

// Storage faults are 503 (the platform retries), anything else 500.
Reply failure_reply(std::exception_ptr error)
{
  try {
    std::rethrow_exception(error);
  } catch (const store::StoreError& e) {
    auto r = error_reply(503, "unavailable", "storage unavailable, retry later");
    r.detail = e.what();
    return r;
  } catch (const std::exception& e) {
    auto r = error_reply(500, "error", "internal error");
    r.detail = e.what();
    return r;
  } catch (...) {
    return error_reply(500, "error", "internal error");
  }
}

} // namespace

struct Ingestor::Impl {
  IngestOptions options;
  ReaderPool readers;
  SourceCache sources;
  Checkpointer checkpointer; // before the writer: its hook runs on the writer's connection
  CommitQueue writer;
  std::unique_ptr<store::IngestWriter> statements; // touched only on the writer thread
  uint64_t observed_transaction = 0;                // writer thread: the last one sources saw the version of

  Impl(IngestOptions opts, crypto::Sealer s, std::unique_ptr<SQLite::Database> write_db)
      : options(std::move(opts)), readers(options.db_path, std::move(s)), sources(options.config_recheck),
        checkpointer(options.db_path, std::chrono::milliseconds(500)),
        writer(attached(checkpointer, std::move(write_db)))
  {
  }

  static std::unique_ptr<SQLite::Database> attached(Checkpointer& c, std::unique_ptr<SQLite::Database> db)
  {
    c.attach(*db);
    return db;
  }

  Plan prepare(const WebhookRequest& req);
  Plan process(const WebhookRequest& req, const sources::SourceSpec& spec, const SourceConfig& config,
               store::Event event, bool check_signature, const std::vector<int64_t>* replaced = nullptr);
  // Records a delivery that made no lead; `config_version` as in Commit.
  Plan record(store::Event event, Reply reply, int64_t config_version = -1);
  // Writes the job's rows; on the writer thread, inside the shared transaction.
  void write(Job& job, SQLite::Database& db);
  // Commits the plan's commit, if it has one, and returns the answer.
  Reply run(Plan plan);
};

namespace {

store::Event new_event(const WebhookRequest& req, const sources::SourceSpec* spec, int64_t now)
{
  store::Event e;
  e.received_at = util::iso8601(now);
  e.channel = req.channel;
  e.method = req.delivery.method;
  e.content_type = req.delivery.content_type_header;
  e.headers_json = redacted_headers_json(req.delivery.headers, spec);
  e.test = req.test;
  return e;
}

Reply parse_failure(const Error& error)
{
  return error_reply(400, "invalid_payload", "invalid payload: " + error.message);
}

} // namespace

namespace {

// The writer does not enforce foreign keys; when the configuration moved since the delivery's
// connection was read, check by hand what they would have, and refuse (503: the platform retries
// and then meets the new configuration) rather than write a row that refers to a deleted one.
void check_references(store::IngestWriter& w, const Commit& c)
{
  auto refuse = [] {
    throw store::StoreError(store::StoreError::Kind::busy,
                            "the connection changed while the delivery was processed");
  };
  if (c.event.tenant && !w.references_exist(*c.event.tenant, c.event.source_id, std::nullopt, std::nullopt))
    refuse();
  for (const auto& record : c.leads) {
    const auto& lead = record.lead;
    if (!w.references_exist(lead.tenant, lead.source_id, lead.pipeline_id, lead.stage_id))
      refuse();
  }
}

} // namespace

void Ingestor::Impl::write(Job& job, SQLite::Database& db)
{
  auto& c = job.commit;
  auto& out = job.out;
  if (!statements)
    statements = std::make_unique<store::IngestWriter>(db);
  auto& w = *statements;
  w.within(writer.transaction());
  out = Committed{};
  int64_t version = w.config_version();
  if (observed_transaction != writer.transaction()) {
    observed_transaction = writer.transaction();
    sources.observe_version(version, std::chrono::steady_clock::now());
  }
  if (c.config_version < 0 || version != c.config_version)
    check_references(w, c);
  // Sort the leads into new, duplicate and (on replay) updated first, so that the event is
  // written once with its final outcome and lead ids, before the leads that refer to it.
  std::vector<std::optional<int64_t>> existing(c.leads.size());
  for (size_t i = 0; i < c.leads.size(); ++i) {
    const auto& lead = c.leads[i].lead;
    if (!lead.external_id.empty() && lead.source_id)
      existing[i] = w.find_by_external_id(*lead.source_id, lead.external_id);
    else if (c.update_existing && i < c.replaced.size() && w.lead_exists(c.replaced[i]))
      existing[i] = c.replaced[i]; // no platform id: the replay stands in for the original's i-th lead
  }
  out.event_id = w.next_event_id();
  int64_t next_lead = c.leads.empty() ? 0 : w.next_lead_id();
  for (size_t i = 0; i < c.leads.size(); ++i) {
    if (!existing[i])
      out.created.push_back(next_lead++);
    else if (c.update_existing)
      out.updated.push_back(*existing[i]);
    else
      ++out.duplicates;
  }
  // The event is completed in place (no copy of its body); a second run of this job starts
  // again from the outcome and status it was given.
  auto& event = c.event;
  event.id = out.event_id;
  event.lead_ids = out.created;
  event.lead_ids.insert(event.lead_ids.end(), out.updated.begin(), out.updated.end());
  event.outcome = event.lead_ids.empty() && out.duplicates > 0 ? "duplicate" : job.outcome;
  event.http_status = job.status;
  w.insert_event(event);
  size_t created = 0;
  for (size_t i = 0; i < c.leads.size(); ++i) {
    auto& record = c.leads[i];
    if (!existing[i]) {
      record.lead.id = out.created[created++];
      record.lead.event_id = out.event_id;
      w.insert_lead(record);
    } else if (c.update_existing) {
      w.update_lead_fields(*existing[i], record);
    }
  }
}

Reply Ingestor::Impl::run(Plan plan)
{
  if (!plan.commit)
    return std::move(plan.reply);
  Job job(std::move(*plan.commit));
  writer.run([&](SQLite::Database& db) { write(job, db); });
  return complete(plan, job.out);
}

Plan Ingestor::Impl::record(store::Event event, Reply reply, int64_t config_version)
{
  event.outcome = reply.outcome == "not_found" ? "error" : reply.outcome;
  event.http_status = reply.status;
  if (event.detail.empty())
    event.detail = reply.detail;
  return Plan{std::move(reply), Commit{std::move(event), {}, false, {}, config_version}};
}

Plan Ingestor::Impl::prepare(const WebhookRequest& req)
{
  const auto* spec = sources::find_source(req.type);
  auto event = new_event(req, spec, options.clock());
  std::shared_ptr<const SourceConfig> config;
  if (spec && spec->has_webhook()) {
    auto reader = readers.acquire();
    config = sources.find(*reader, req.tenant, req.type, req.token);
  }
  if (!config) {
    // No body is kept for unknown URLs: nothing a prober sends is stored.
    event.detail = spec ? "unknown webhook URL for type " + std::string(spec->slug) : "unknown webhook URL";
    auto plan = record(std::move(event), not_found_reply());
    plan.reply.source_type = spec ? std::string(spec->slug) : "";
    return plan;
  }
  const auto* source = &config->source;
  event.tenant = source->tenant;
  event.source_id = source->id;
  event.source_type = source->type;
  if (req.delivery.method == "GET") {
    auto answer = spec->handshake ? spec->handshake(req.delivery, config->credentials) : std::nullopt;
    if (!answer)
      return Plan{error_reply(405, "handshake", "this URL accepts POST deliveries")};
    Reply reply;
    reply.status = answer->status;
    reply.content_type = answer->content_type;
    reply.body = answer->body;
    reply.outcome = "handshake";
    reply.detail = "verification handshake answered";
    reply.source_id = source->id;
    reply.source_type = source->type;
    return record(std::move(event), std::move(reply), config->config_version);
  }
  return process(req, *spec, *config, std::move(event), !req.trusted);
}

Plan Ingestor::Impl::process(const WebhookRequest& req, const sources::SourceSpec& spec, const SourceConfig& config,
                             store::Event event, bool check_signature, const std::vector<int64_t>* replaced)
{
  const auto& source = config.source;
  auto finish = [&](Plan plan) {
    plan.reply.source_id = source.id;
    plan.reply.source_type = source.type;
    return plan;
  };
  if (req.body_too_large)
    return finish(record(std::move(event), error_reply(413, "invalid_payload", "body exceeds max_body_bytes"),
                                config.config_version));
  event.body = req.delivery.body;
  if (!source.active) {
    event.detail = "connection is inactive";
    return finish(record(std::move(event), status_reply("ignored", "ignored_inactive"), config.config_version));
  }
  if (check_signature && spec.verify && config.credentials.count(std::string(spec.signing_key))) {
    sources::VerifyOptions vo{options.clock(), options.signature_max_age_seconds};
    if (auto ok = spec.verify(req.delivery, config.credentials, vo); !ok)
      return finish(record(std::move(event),
                           error_reply(401, "rejected_signature", "signature does not verify: " + ok.error().message),
                           config.config_version));
  }
  auto parsed = spec.parse(req.delivery);
  if (!parsed)
    return finish(record(std::move(event), parse_failure(parsed.error()), config.config_version));
  if (parsed->leads.empty()) {
    event.detail = parsed->ignored_reason.empty() ? "delivery holds no lead" : "not a lead: " + parsed->ignored_reason;
    // Not a lead (a status update, a ping, a honeypot hit): answered 200 so the platform does not retry.
    return finish(record(std::move(event), status_reply("ignored", "accepted"), config.config_version));
  }
  Commit c{std::move(event), {}, replaced != nullptr, replaced ? *replaced : std::vector<int64_t>{},
           config.config_version};
  c.event.outcome = "accepted";
  for (const auto& incoming : parsed->leads) {
    leads::Lead lead;
    lead.tenant = source.tenant;
    lead.source_id = source.id;
    lead.source_name = source.name;
    lead.source_type = source.type;
    lead.external_id = incoming.external_id;
    lead.test = incoming.test || req.test;
    lead.received_at = c.event.received_at;
    lead.pipeline_id = config.placement.pipeline_id;
    lead.stage_id = config.placement.stage_id;
    lead.pipeline = config.placement.pipeline;
    lead.stage = config.placement.stage;
    lead.status = config.placement.status;
    std::string extra;
    leads::apply_mapping(incoming, config.rules, lead, &extra);
    c.leads.push_back(store::make_record(std::move(lead), std::move(extra)));
  }
  return finish(Plan{Reply{}, std::move(c), true});
}

Ingestor::Ingestor(IngestOptions options)
{
  auto sealer = crypto::Sealer::from_key_file(options.key_path, true);
  if (!sealer)
    throw std::runtime_error(sealer.error().message);
  store::OpenOptions open;
  open.busy_timeout_ms = options.busy_timeout_ms;
  auto write_db = store::open_database(options.db_path, open);
  // No autocheckpoint on this connection: the Checkpointer copies the WAL back on a connection
  // of its own, and the writer only finishes what it left (see Checkpointer).
  write_db->exec("PRAGMA cache_size=-32768"); // 32 MiB: the right edges of every B-tree stay in memory
  // Six parent lookups per delivery; the config version stands in for them (see check_references).
  write_db->exec("PRAGMA foreign_keys=OFF");
  m_impl = std::make_unique<Impl>(std::move(options), std::move(*sealer), std::move(write_db));
}

Ingestor::~Ingestor() = default;

Reply Ingestor::handle(const WebhookRequest& request)
{
  try {
    return m_impl->run(m_impl->prepare(request));
  } catch (...) {
    return failure_reply(std::current_exception());
  }
}

void Ingestor::handle_async(const WebhookRequest& request, std::function<void(Reply)> done)
{
  Plan plan;
  try {
    plan = m_impl->prepare(request);
  } catch (...) {
    done(failure_reply(std::current_exception()));
    return;
  }
  if (!plan.commit) {
    done(std::move(plan.reply));
    return;
  }
  // The job and the answer's makings live until the writer has completed them.
  struct Delivery : CommitQueue::Posted {
    Delivery(Impl& i, Plan&& p, std::function<void(Reply)>&& d)
        : impl(i), job(std::move(*p.commit)), plan(std::move(p)), answer(std::move(d))
    {
      plan.commit.reset();
    }
    void run(SQLite::Database& db) override { impl.write(job, db); }
    void done(std::exception_ptr error) override { answer(error ? failure_reply(error) : complete(plan, job.out)); }
    Impl& impl;
    Job job;
    Plan plan;
    std::function<void(Reply)> answer;
  };
  m_impl->writer.post(std::make_unique<Delivery>(*m_impl, std::move(plan), std::move(done)));
}

Result<Reply> Ingestor::replay(const std::string& tenant, int64_t event_id)
{
  store::Event original;
  std::shared_ptr<const SourceConfig> config;
  {
    auto reader = m_impl->readers.acquire();
    auto found = store::EventRepo(reader->db(), tenant).find(event_id);
    if (!found)
      return found.error();
    original = std::move(*found);
    if (!original.source_id)
      return fail(Errc::not_found, "event " + std::to_string(event_id) + " belongs to no connection",
                  "its connection was deleted or its URL was unknown");
    auto s = store::SourceRepo(*reader, tenant).find(std::to_string(*original.source_id));
    if (!s)
      return fail(Errc::not_found, "the connection of event " + std::to_string(event_id) + " no longer exists");
    config = load_source_config(*reader, std::move(*s));
  }
  const auto* source = &config->source;
  if (original.outcome == "rejected_signature" || original.outcome == "handshake" || original.method == "GET")
    return fail(Errc::conflict, "event " + std::to_string(event_id) + " (" + original.outcome + ") cannot be replayed",
                "only deliveries that passed signature checks are replayed");
  const auto* spec = sources::find_source(source->type);
  if (!spec)
    return fail(Errc::failure, "unknown source type '" + source->type + "'");
  WebhookRequest req;
  req.tenant = tenant;
  req.type = source->type;
  req.channel = original.channel;
  req.test = original.test;
  req.delivery.method = original.method;
  req.delivery.content_type_header = original.content_type;
  req.delivery.content_type = media_type(original.content_type);
  req.delivery.body = original.body;
  req.delivery.received_unix = m_impl->options.clock();
  auto headers = nlohmann::json::parse(original.headers_json, nullptr, false);
  if (headers.is_object())
    for (auto& [k, v] : headers.items())
      if (v.is_string())
        req.delivery.headers.emplace(k, v.get<std::string>());
  auto event = new_event(req, spec, m_impl->options.clock());
  event.tenant = tenant;
  event.source_id = source->id;
  event.source_type = source->type;
  event.detail = "replay of event " + std::to_string(event_id);
  try {
    return m_impl->run(m_impl->process(req, *spec, *config, std::move(event), false, &original.lead_ids));
  } catch (const store::StoreError& e) {
    return fail(Errc::unavailable, std::string("cannot replay event: ") + e.what());
  }
}

std::optional<store::Source> Ingestor::find_form(const std::string& tenant, const std::string& token)
{
  try {
    auto reader = m_impl->readers.acquire();
    auto s = store::find_source_by_token(*reader, tenant, "webform", token);
    if (s && s->active)
      return s;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

bool Ingestor::ready()
{
  try {
    auto reader = m_impl->readers.acquire();
    reader->db().execAndGet("SELECT count(*) FROM sqlite_master");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void Ingestor::set_commit_observer(std::function<void(double, size_t)> observer)
{
  m_impl->writer.set_observer(std::move(observer));
}

} // namespace leadhub::ingest
