// leadhubd's Prometheus metrics: fixed label sets held in arrays of relaxed atomics, so that the
// request path counts without taking a lock; /metrics renders the text exposition format.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leadhub::daemon {

// A cumulative histogram with fixed upper bounds (plus +Inf). The sum is kept as an integer count
// of `sum_unit` (1e-9 for seconds, 1 for counts), so that adding to it is one atomic fetch_add.
class Histogram {
public:
  Histogram(std::vector<double> bounds, double sum_unit);
  void observe(double value);
  // Appends the _bucket, _sum and _count lines of `name` with `labels` ("" or `route="webhook"`).
  void render(std::string& out, std::string_view name, std::string_view labels) const;

private:
  std::vector<double> m_bounds;
  std::unique_ptr<std::atomic<uint64_t>[]> m_counts; // per bucket, not cumulative; last is +Inf
  std::atomic<uint64_t> m_sum{0};
  double m_sum_unit;
};

// Which kind of request a latency belongs to.
enum class Route { webhook = 0, form, health, metrics, not_found };
inline constexpr size_t k_route_count = 5;

class Metrics {
public:
  Metrics();

  // One delivery answered: `type` is a known slug or empty, `outcome` the reply's outcome.
  void delivery(std::string_view type, std::string_view outcome, size_t leads_created);
  void request(Route route, double seconds);
  void commit(double seconds, size_t batch_size);

  // The whole exposition, text format 0.0.4.
  std::string render() const;

private:
  size_t type_index(std::string_view type) const;
  size_t outcome_index(std::string_view outcome) const;

  std::vector<std::string> m_types;                      // registry slugs, then "unknown"
  std::vector<std::string_view> m_outcomes;              // known outcomes, then "other"
  std::unique_ptr<std::atomic<uint64_t>[]> m_deliveries; // [type][outcome]
  std::unique_ptr<std::atomic<uint64_t>[]> m_leads;      // [type]
  std::array<std::unique_ptr<Histogram>, k_route_count> m_request_seconds;
  Histogram m_commit_seconds;
  Histogram m_commit_batch;
};

} // namespace leadhub::daemon
