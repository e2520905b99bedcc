// `leadhubctl source test SOURCE [--payload FILE]`: one sample delivery through the real delivery
// path (core/ingest, as leadhubd runs it), its leads marked test.
#include "cli/commands/source.hpp"
#include "cli/ingest_runner.hpp"
#include "cli/lead_view.hpp"
#include "cli/source_view.hpp"
#include "core/ingest/replies.hpp"
#include "core/sources/source.hpp"
#include "core/store/lead_repo.hpp"
#include "core/util/time.hpp"

#include <fstream>
#include <memory>
#include <sstream>

namespace leadhub::cli::commands {

namespace {

struct TestOptions {
  std::string source, payload, content_type;
};

// A payload file's content type: --content-type, else JSON when it looks like JSON, else a form.
std::string guess_content_type(const std::string& body)
{
  auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (body[first] == '{' || body[first] == '['))
    return "application/json";
  return "application/x-www-form-urlencoded";
}

Result<void> run_test(Context& ctx, const TestOptions& o)
{
  auto found = find_source(ctx, o.source);
  if (!found)
    return found.error();
  const auto& source = found->source;
  const auto* spec = sources::find_source(source.type);
  if (!spec || !spec->has_webhook())
    return fail(Errc::usage, "source '" + source.name + "' (" + source.type + ") receives no webhooks to test",
                "email sources are polled; send a message to the inbox instead");
  ingest::WebhookRequest req;
  req.tenant = source.tenant;
  req.type = source.type;
  req.token = source.token;
  req.test = true;
  req.trusted = true;
  req.delivery.method = "POST";
  if (o.payload.empty()) {
    req.delivery.body = std::string(spec->sample_body);
    req.delivery.content_type_header = std::string(spec->sample_content_type);
  } else {
    std::ifstream in(o.payload, std::ios::binary);
    if (!in)
      return fail(Errc::usage, "cannot read payload file '" + o.payload + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    req.delivery.body = ss.str();
    req.delivery.content_type_header = o.content_type.empty() ? guess_content_type(req.delivery.body) : o.content_type;
  }
  req.delivery.content_type = ingest::media_type(req.delivery.content_type_header);
  req.delivery.headers.emplace("content-type", req.delivery.content_type_header);
  req.delivery.received_unix = util::system_now();

  auto ingestor = open_ingestor(ctx);
  if (!ingestor)
    return ingestor.error();
  auto reply = (*ingestor)->handle(req);
  if (auto bad = reply_error(reply); !bad)
    return bad;
  if (reply.outcome == "ignored_inactive")
    return fail(Errc::conflict, "source '" + source.name + "' is inactive: the test delivery was logged and ignored",
                "activate it with 'leadhubctl source activate " + std::to_string(source.id) + "'");
  if (reply.lead_ids.empty()) {
    ctx.warn("the test delivery made no lead (" + reply.outcome + (reply.detail.empty() ? "" : ": " + reply.detail) + ")");
    return {};
  }
  auto store = ctx.tenant_store();
  if (!store)
    return store.error();
  store::LeadRepo leads((*store)->db(), ctx.tenant());
  std::vector<Row> rows;
  for (auto id : reply.lead_ids)
    if (auto lead = leads.find(id))
      rows.push_back(lead_row(*lead));
  ctx.out().list(k_lead_keys, rows, k_lead_table_keys);
  return {};
}

} // namespace

void add_source_test(CLI::App& source, Context& ctx)
{
  auto o = std::make_shared<TestOptions>();
  auto* test = add_source_subcommand(source, "test", "send one sample delivery through the real path, marked test",
                                     o->source);
  test->add_option("--payload", o->payload, "deliver this file instead of the platform's sample");
  test->add_option("--content-type", o->content_type, "the payload's Content-Type (default: JSON or form, guessed)");
  on_run(test, ctx, [&ctx, o] { return run_test(ctx, *o); });
}

} // namespace leadhub::cli::commands
