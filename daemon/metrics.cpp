#include "daemon/metrics.hpp"

#include "core/sources/source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace leadhub::daemon {

namespace {

constexpr std::array<std::string_view, 10> k_outcomes = {
    "accepted",  "duplicate", "ignored_inactive", "ignored",    "rejected_signature", "invalid_payload",
    "handshake", "error",     "not_found",        "unavailable"};

constexpr std::array<std::string_view, k_route_count> k_route_names = {"webhook", "form", "health", "metrics",
                                                                       "not_found"};

constexpr double k_nanosecond = 1e-9;

std::vector<double> latency_bounds()
{
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

void help(std::string& out, std::string_view name, std::string_view type, std::string_view text)
{
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, text, name, type);
}

} // namespace

Histogram::Histogram(std::vector<double> bounds, double sum_unit)
    : m_bounds(std::move(bounds)), m_counts(new std::atomic<uint64_t>[m_bounds.size() + 1]), m_sum_unit(sum_unit)
{
  for (size_t i = 0; i <= m_bounds.size(); ++i)
    m_counts[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value)
{
  auto it = std::lower_bound(m_bounds.begin(), m_bounds.end(), value);
  m_counts[static_cast<size_t>(it - m_bounds.begin())].fetch_add(1, std::memory_order_relaxed);
  auto units = std::llround(std::max(value, 0.0) / m_sum_unit);
  m_sum.fetch_add(static_cast<uint64_t>(units), std::memory_order_relaxed);
}

void Histogram::render(std::string& out, std::string_view name, std::string_view labels) const
{
  std::string sep = labels.empty() ? "" : ",";
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= m_bounds.size(); ++i) {
    cumulative += m_counts[i].load(std::memory_order_relaxed);
    auto le = i < m_bounds.size() ? fmt::format("{}", m_bounds[i]) : std::string("+Inf");
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep, le, cumulative);
  }
  auto sum = static_cast<double>(m_sum.load(std::memory_order_relaxed)) * m_sum_unit;
  std::string braces = labels.empty() ? "" : fmt::format("{{{}}}", labels);
  out += fmt::format("{}_sum{} {}\n", name, braces, sum);
  // The count is the +Inf bucket, read once, so that the two always agree in one scrape.
  out += fmt::format("{}_count{} {}\n", name, braces, cumulative);
}

Metrics::Metrics()
    : m_commit_seconds(latency_bounds(), k_nanosecond), m_commit_batch({1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}, 1)
{
  for (const auto* spec : sources::all_sources())
    m_types.emplace_back(spec->slug);
  m_types.emplace_back("unknown");
  m_outcomes.assign(k_outcomes.begin(), k_outcomes.end());
  m_outcomes.emplace_back("other");
  size_t cells = m_types.size() * m_outcomes.size();
  m_deliveries.reset(new std::atomic<uint64_t>[cells]);
  for (size_t i = 0; i < cells; ++i)
    m_deliveries[i].store(0, std::memory_order_relaxed);
  m_leads.reset(new std::atomic<uint64_t>[m_types.size()]);
  for (size_t i = 0; i < m_types.size(); ++i)
    m_leads[i].store(0, std::memory_order_relaxed);
  for (auto& h : m_request_seconds)
    h = std::make_unique<Histogram>(latency_bounds(), k_nanosecond);
}

size_t Metrics::type_index(std::string_view type) const
{
  for (size_t i = 0; i + 1 < m_types.size(); ++i)
    if (m_types[i] == type)
      return i;
  return m_types.size() - 1;
}

size_t Metrics::outcome_index(std::string_view outcome) const
{
  for (size_t i = 0; i + 1 < m_outcomes.size(); ++i)
    if (m_outcomes[i] == outcome)
      return i;
  return m_outcomes.size() - 1;
}

void Metrics::delivery(std::string_view type, std::string_view outcome, size_t leads_created)
{
  auto t = type_index(type);
  m_deliveries[t * m_outcomes.size() + outcome_index(outcome)].fetch_add(1, std::memory_order_relaxed);
  if (leads_created > 0)
    m_leads[t].fetch_add(leads_created, std::memory_order_relaxed);
}

void Metrics::request(Route route, double seconds)
{
  m_request_seconds[static_cast<size_t>(route)]->observe(seconds);
}

void Metrics::commit(double seconds, size_t batch_size)
{
  m_commit_seconds.observe(seconds);
  m_commit_batch.observe(static_cast<double>(batch_size));
}

std::string Metrics::render() const
{
  std::string out;
  help(out, "leadhub_deliveries_total", "counter", "Webhook deliveries answered, by source type and outcome.");
  for (size_t t = 0; t < m_types.size(); ++t)
    for (size_t o = 0; o < m_outcomes.size(); ++o)
      if (auto n = m_deliveries[t * m_outcomes.size() + o].load(std::memory_order_relaxed))
        out += fmt::format("leadhub_deliveries_total{{type=\"{}\",outcome=\"{}\"}} {}\n", m_types[t], m_outcomes[o], n);
  help(out, "leadhub_leads_created_total", "counter", "Leads created from deliveries, by source type.");
  for (size_t t = 0; t < m_types.size(); ++t)
    if (auto n = m_leads[t].load(std::memory_order_relaxed))
      out += fmt::format("leadhub_leads_created_total{{type=\"{}\"}} {}\n", m_types[t], n);
  help(out, "leadhub_http_request_duration_seconds", "histogram",
       "Time from the request's arrival at a handler to its answer, by route.");
  for (size_t r = 0; r < k_route_count; ++r)
    m_request_seconds[r]->render(out, "leadhub_http_request_duration_seconds",
                                 fmt::format("route=\"{}\"", k_route_names[r]));
  help(out, "leadhub_storage_commit_duration_seconds", "histogram",
       "Duration of one group commit, BEGIN to durable COMMIT.");
  m_commit_seconds.render(out, "leadhub_storage_commit_duration_seconds", "");
  help(out, "leadhub_storage_commit_batch_size", "histogram", "Deliveries that shared one group commit.");
  m_commit_batch.render(out, "leadhub_storage_commit_batch_size", "");
  return out;
}

} // namespace leadhub::daemon
