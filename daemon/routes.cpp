#include "daemon/routes.hpp"

#include "core/forms/form_page.hpp"
#include "core/ingest/replies.hpp"
#include "daemon/request_path.hpp"

#include <chrono>

namespace leadhub::daemon {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start)
{
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The token in the form's URL is a bearer secret: keep it out of caches and Referer headers.
void set_page_headers(httplib::Response& res)
{
  res.set_header("Cache-Control", "no-store");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
}

void serve_form(RouteContext& ctx, const httplib::Request& req, httplib::Response& res)
{
  auto parts = match_path(req.path, "/forms/", 2);
  std::optional<store::Source> source;
  if (parts)
    source = ctx.ingestor.find_form((*parts)[0], (*parts)[1]);
  if (!source) {
    answer_not_found(res);
    return;
  }
  auto action = webhook_path(source->tenant, source->type, (*parts)[1]);
  res.set_content(forms::render_form({source->name, action}), "text/html; charset=utf-8");
  set_page_headers(res);
}

void serve_get(RouteContext& ctx, const httplib::Request& req, httplib::Response& res)
{
  auto start = Clock::now();
  Route route = Route::health;
  if (req.path == "/healthz") {
    res.set_content("ok\n", "text/plain");
  } else if (req.path == "/readyz") {
    bool ready = ctx.ingestor.ready();
    res.status = ready ? 200 : 503;
    res.set_content(ready ? "ready\n" : "database unavailable\n", "text/plain");
  } else if (req.path == "/metrics") {
    route = Route::metrics;
    res.set_content(ctx.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  } else if (req.path.starts_with("/webhook/inbound/")) {
    handle_webhook(ctx, req, res, nullptr);
    return; // counted by the webhook handler
  } else if (req.path.starts_with("/forms/")) {
    route = Route::form;
    serve_form(ctx, req, res);
  } else {
    route = Route::not_found;
    answer_not_found(res);
  }
  ctx.metrics.request(route, seconds_since(start));
}

void serve_post(RouteContext& ctx, const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader& reader)
{
  if (req.path.starts_with("/webhook/inbound/")) {
    handle_webhook(ctx, req, res, &reader);
    return;
  }
  auto start = Clock::now();
  // Drain the body so that the next request on this connection starts where it should.
  reader([](const char*, size_t) { return true; });
  answer_not_found(res);
  ctx.metrics.request(Route::not_found, seconds_since(start));
}

// One bad request never stops the daemon: whatever escapes a handler is logged and answered 500.
template <class Fn> void guarded(RouteContext& ctx, const httplib::Request& req, httplib::Response& res, Fn&& fn)
{
  try {
    fn();
  } catch (const std::exception& e) {
    ctx.logger.error("http.handler_failed", {{"method", req.method}, {"error", e.what()}});
    auto reply = ingest::error_reply(500, "error", "internal error");
    res.status = reply.status;
    res.set_content(reply.body, reply.content_type);
  }
}

} // namespace

void answer_not_found(httplib::Response& res)
{
  static const ingest::Reply reply = ingest::not_found_reply();
  res.status = reply.status;
  res.set_content(reply.body, reply.content_type);
}

void install_routes(httplib::Server& server, RouteContext& ctx)
{
  // Two catch-all routes and our own dispatch: one cheap regex per request instead of a list.
  server.Get(".*", [&ctx](const httplib::Request& req, httplib::Response& res) {
    guarded(ctx, req, res, [&] { serve_get(ctx, req, res); });
  });
  server.Post(".*", [&ctx](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    guarded(ctx, req, res, [&] { serve_post(ctx, req, res, reader); });
  });
  // Methods without a route (PUT, DELETE, ...) reach here with an empty body: same 404 as the rest.
  httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty())
      return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 404)
      answer_not_found(res);
    else
      res.set_content(
          ingest::error_reply(res.status, "error", res.status == 400 ? "bad request" : "request failed").body,
          "application/json");
    return httplib::Server::HandlerResponse::Handled;
  };
  server.set_error_handler(std::move(on_error));
}

} // namespace leadhub::daemon
