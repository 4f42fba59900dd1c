#include "harness/run/engine.hpp"

#include "core/nearest.hpp"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

namespace samlh::harness {

std::optional<Shard> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  try {
    Shard s{std::stoi(std::string(text.substr(0, slash))), std::stoi(std::string(text.substr(slash + 1)))};
    if (s.count < 1 || s.index < 1 || s.index > s.count) return std::nullopt;
    return s;
  } catch (...) {
    return std::nullopt;
  }
}

bool filter_matches(const std::string& filter, const Scenario& s) {
  auto match = [&](const std::string& text) { return fnmatch(filter.c_str(), text.c_str(), 0) == 0; };
  return match(s.name) || match(s.file) || (!s.root_path.empty() && match(s.root_path)) ||
         std::any_of(s.tags.begin(), s.tags.end(), match);
}

std::vector<std::string> nearest_names(const std::vector<std::string>& filters, const std::vector<Scenario>& all,
                                       std::size_t count) {
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const Scenario& s : all) {
    std::size_t best = std::string::npos;
    for (std::string f : filters) {
      std::erase_if(f, [](char c) { return c == '*' || c == '?' || c == '[' || c == ']'; });
      for (const std::string* text : {&s.name, &s.root_path}) best = std::min(best, core::edit_distance(f, *text));
      for (const std::string& t : s.tags) best = std::min(best, core::edit_distance(f, t));
    }
    scored.emplace_back(best, s.name);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < count; ++i) out.push_back(scored[i].second);
  return out;
}

std::vector<Scenario> select(const std::vector<Scenario>& all, const EngineOptions& o) {
  std::vector<Scenario> out;
  int n = 0;
  for (const Scenario& s : all) {
    const bool wanted = o.filters.empty() || std::any_of(o.filters.begin(), o.filters.end(),
                                                         [&](const std::string& f) { return filter_matches(f, s); });
    if (!wanted) continue;
    // Sharding counts only the scenarios the filter kept, so shards partition them.
    const int position = n++;
    if (o.shard && position % o.shard->count != o.shard->index - 1) continue;
    out.push_back(s);
  }
  return out;
}

std::vector<ScenarioResult> run_all(const std::vector<Scenario>& scenarios, const EngineOptions& o) {
  std::vector<ScenarioResult> results(scenarios.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> failed{0};
  std::mutex print_mu;
  const bool tty = o.progress && ::isatty(2) != 0;
  auto worker = [&] {
    while (true) {
      const std::size_t i = next.fetch_add(1);
      if (i >= scenarios.size()) return;
      results[i] = run_scenario(scenarios[i], o.run);
      const std::size_t d = ++done;
      if (results[i].failed()) ++failed;
      if (o.progress) {
        std::lock_guard lock(print_mu);
        std::fprintf(stderr, "%s[%zu/%zu] %s %-6s %s%s", tty ? "\r\x1b[K" : "", d, scenarios.size(),
                     results[i].passed ? "ok  " : results[i].skipped ? "skip" : "FAIL", std::string(spelling(scenarios[i].kind)).c_str(),
                     scenarios[i].name.c_str(), tty ? "" : "\n");
        std::fflush(stderr);
      }
    }
  };
  const int jobs = std::max(1, o.jobs);
  std::vector<std::thread> threads;
  for (int j = 1; j < jobs; ++j) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (tty) std::fprintf(stderr, "\r\x1b[K");
  return results;
}

}  // namespace samlh::harness
