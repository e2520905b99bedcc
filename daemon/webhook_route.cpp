// The webhook route: the raw body read under max_body_bytes, the request handed to the Ingestor,
// and its reply written back (as a page when a browser posted a hosted form).
#include "core/forms/form_page.hpp"
#include "core/ingest/replies.hpp"
#include "core/util/strings.hpp"
#include "core/util/time.hpp"
#include "daemon/http_connection.hpp"
#include "daemon/request_path.hpp"
#include "daemon/routes.hpp"

#include <chrono>

namespace leadhub::daemon {

namespace {

// Past the limit the rest is read and thrown away, so the connection stays usable, but only
// this much: a client sending more than that is not worth keeping the connection for.
constexpr size_t k_max_discard = 64u << 20;

struct Body {
  std::string bytes;
  bool too_large = false;
  bool complete = true;
};

// Headers httplib adds itself; they are not what the platform sent.
bool is_local_header(const std::string& name)
{
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT";
}

Body read_body(const httplib::Request& req, const httplib::ContentReader& reader, size_t max)
{
  // httplib decodes multipart bodies itself when the Content-Type says multipart, and then the raw
  // bytes that signatures cover are gone. The Request is ours for the duration of the handler
  // (httplib owns a non-const one), so hide the type while reading and put it back afterwards.
  auto& mutable_req = const_cast<httplib::Request&>(req);
  auto type = mutable_req.headers.find("Content-Type");
  std::string original;
  if (type != mutable_req.headers.end()) {
    original = type->second;
    type->second = "application/octet-stream";
  }
  Body body;
  if (auto length = req.get_header_value<uint64_t>("Content-Length"); length > 0 && length <= max)
    body.bytes.reserve(length);
  size_t discarded = 0;
  body.complete = reader([&](const char* data, size_t n) {
    if (!body.too_large && body.bytes.size() + n <= max) {
      body.bytes.append(data, n);
      return true;
    }
    if (!body.too_large) {
      body.too_large = true;
      discarded = body.bytes.size();
      std::string().swap(body.bytes);
    }
    discarded += n;
    return discarded <= max + k_max_discard;
  });
  if (type != mutable_req.headers.end())
    type->second = original;
  return body;
}

ingest::WebhookRequest make_request(const httplib::Request& req, const std::vector<std::string>& parts, Body&& body)
{
  ingest::WebhookRequest w;
  w.tenant = parts[0];
  w.type = parts[1];
  w.token = parts[2];
  w.body_too_large = body.too_large;
  auto& d = w.delivery;
  d.method = req.method == "HEAD" ? "GET" : req.method; // httplib serves HEAD with the GET route
  d.content_type_header = req.get_header_value("Content-Type");
  d.content_type = ingest::media_type(d.content_type_header);
  d.body = std::move(body.bytes);
  for (const auto& [name, value] : req.headers)
    if (!is_local_header(name))
      d.headers.emplace(util::to_lower(name), value);
  for (const auto& [name, value] : req.params)
    d.query.emplace(name, value);
  d.received_unix = util::system_now();
  return w;
}

// A browser submitting a hosted form: it gets a page back, not JSON, unless the URL is unknown.
bool form_submission(const httplib::Request& req, const ingest::WebhookRequest& w)
{
  const auto* spec = sources::find_source(w.type);
  if (!spec || spec->auth != sources::AuthKind::form)
    return false;
  const auto& type = w.delivery.content_type;
  bool form_post = type == "application/x-www-form-urlencoded" || type == "multipart/form-data";
  return form_post && forms::accepts_html(req.get_header_value("Accept"));
}

bool wants_page(const httplib::Request& req, const ingest::WebhookRequest& w, const ingest::Reply& reply)
{
  // Unknown URLs all look the same. A reply names the path's type when it is a known one.
  return reply.status != 404 && !reply.source_type.empty() && form_submission(req, w);
}

void write_page(RouteContext& ctx, const ingest::WebhookRequest& w, const ingest::Reply& reply, httplib::Response& res)
{
  auto source = ctx.ingestor.find_form(w.tenant, w.token);
  std::string title = source ? source->name : "";
  auto back = form_path(w.tenant, w.token);
  res.status = reply.status == 200 ? 200 : reply.status;
  res.set_content(reply.status == 200 ? forms::render_thank_you(title, back)
                                      : forms::render_failure(reply.status, title, back),
                  "text/html; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
}

// A stable event name per outcome, so that `journalctl | grep webhook.rejected` finds them all.
std::string_view event_name(const std::string& outcome)
{
  static constexpr std::pair<std::string_view, std::string_view> k_names[] = {
      {"accepted", "webhook.accepted"},           {"duplicate", "webhook.duplicate"},
      {"ignored_inactive", "webhook.ignored"},    {"ignored", "webhook.ignored"},
      {"rejected_signature", "webhook.rejected"}, {"invalid_payload", "webhook.invalid"},
      {"handshake", "webhook.handshake"},         {"not_found", "webhook.not_found"},
      {"unavailable", "webhook.unavailable"}};
  for (const auto& [o, name] : k_names)
    if (o == outcome)
      return name;
  return "webhook.error";
}

Level level_for(const std::string& outcome)
{
  if (outcome == "error" || outcome == "unavailable")
    return Level::error;
  if (outcome == "invalid_payload" || outcome == "rejected_signature")
    return Level::warn;
  return Level::info;
}

std::string clip(std::string_view s)
{
  return std::string(s.substr(0, 64));
}

// What a delivery's log line names of its request.
struct Delivered {
  std::string tenant, type, method;
  std::chrono::steady_clock::time_point start;
};

void log_delivery(RouteContext& ctx, const Delivered& w, const ingest::Reply& r, double seconds)
{
  auto level = level_for(r.outcome);
  if (!ctx.logger.enabled(level))
    return;
  // A parser's message may quote the payload; payloads never reach the log.
  std::string reason = r.outcome == "invalid_payload" ? "invalid payload" : r.detail.empty() ? "-" : r.detail;
  ctx.logger.log(level, event_name(r.outcome),
                 {{"tenant", w.tenant},
                  {"type", w.type},
                  {"source", r.source_id ? std::to_string(*r.source_id) : "-"},
                  {"method", w.method},
                  {"outcome", r.outcome},
                  {"status", r.status},
                  {"leads", r.lead_ids.size()},
                  {"event", r.event_id ? std::to_string(*r.event_id) : "-"},
                  {"latency_ms", seconds * 1000},
                  {"reason", reason}});
}

// Metrics and the log line, just before the answer goes out.
void count_delivery(RouteContext& ctx, const Delivered& delivered, const ingest::Reply& reply)
{
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - delivered.start).count();
  size_t created = reply.outcome == "accepted" ? reply.lead_ids.size() : 0;
  ctx.metrics.delivery(reply.source_type, reply.outcome, created);
  ctx.metrics.request(Route::webhook, seconds);
  log_delivery(ctx, delivered, reply, seconds);
}

} // namespace

void handle_webhook(RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader* reader)
{
  auto start = std::chrono::steady_clock::now();
  auto parts = match_path(req.path, "/webhook/inbound/", 3);
  Body body;
  if (reader)
    body = read_body(req, *reader, static_cast<size_t>(ctx.max_body_bytes.load(std::memory_order_relaxed)));
  if (!parts || !body.complete) {
    // A malformed URL is as unknown as a wrong token; a body cut short was never a delivery.
    auto reply =
        parts ? ingest::error_reply(400, "invalid_payload", "incomplete request body") : ingest::not_found_reply();
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type);
    ctx.metrics.delivery("", reply.outcome, 0);
    ctx.metrics.request(Route::webhook,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return;
  }
  auto request = make_request(req, *parts, std::move(body));
  Delivered delivered{clip(request.tenant), clip(request.type), request.delivery.method, start};
  // A JSON answer is sent by the writer thread once the commit is durable: this thread goes back to
  // the connection instead of sleeping until then. A page, a handshake and HTTPS answer here.
  if (req.method == "POST" && !form_submission(req, request)) {
    if (auto deferred = DeferredResponse::take(req)) {
      auto answer = std::make_shared<DeferredResponse>(std::move(deferred));
      ctx.ingestor.handle_async(request, [&ctx, answer, delivered = std::move(delivered)](ingest::Reply reply) {
        count_delivery(ctx, delivered, reply); // first, as on the synchronous path: an answer implies its log line
        answer->send(reply.status, reply.content_type, reply.body);
      });
      return;
    }
  }
  auto reply = ctx.ingestor.handle(request);
  if (wants_page(req, request, reply)) {
    write_page(ctx, request, reply, res);
  } else {
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type);
  }
  count_delivery(ctx, delivered, reply);
}

} // namespace leadhub::daemon
