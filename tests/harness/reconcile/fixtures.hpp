// Test helpers for reconcile: the fixture files of data/, small edits to
// their text (a planted difference), and a one-call reconcile over texts.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "harness/reconcile/inputs.hpp"
#include "harness/reconcile/reconcile.hpp"
#include "harness/reconcile/runbook.hpp"
#include "harness/scenario/claims.hpp"

namespace samlh::harness::reconcile::test {

// The gap report's runbook, as `harness reconcile` gets it from harness/main.cpp.
inline const StepTexts& steps() {
  static const StepTexts texts = runbook_texts(claims(), assumed_with(claims(), {}));
  return texts;
}

inline std::string data_path(const std::string& name) { return std::string(RECONCILE_DATA) + "/" + name; }

inline std::string read_data(const std::string& name) {
  std::ifstream in(data_path(name), std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `from` must occur: a planted change that silently does nothing would make
// the test pass for the wrong reason.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("fixture text not found: " + from);
  return text.replace(at, from.size(), to);
}

// Drops the one line containing `needle` (with its line end).
inline std::string without_line(std::string text, const std::string& needle) {
  const auto at = text.find(needle);
  if (at == std::string::npos) throw std::logic_error("fixture line not found: " + needle);
  const auto begin = text.rfind('\n', at);
  const auto end = text.find('\n', at);
  const std::size_t b = begin == std::string::npos ? 0 : begin + 1;
  return text.erase(b, end == std::string::npos ? std::string::npos : end - b + 1);
}

inline std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

inline Day day(const char* text) {
  auto d = parse_day(text);
  if (!d) throw std::logic_error(std::string("bad test date ") + text);
  return *d;
}

inline const Day kAsOf = day("2024-06-03");

struct Named {
  std::string name;
  std::string text;
};

inline Named fixture(const std::string& name) { return {name, read_data(name)}; }

// Reads the IdP texts and the SP text (each must read) and reconciles.
inline Report run(const std::vector<Named>& idp_files, const Named& sp_file, Day as_of = kAsOf,
                  const RoleMap* role_map = nullptr, const std::string& app = {}) {
  IdpInputs idp;
  for (const auto& f : idp_files) {
    auto info = add_idp_text(idp, f.text, f.name);
    if (!info) throw std::runtime_error(info.error().message());
  }
  auto chosen = select_app(idp, app);
  if (!chosen) throw std::runtime_error(chosen.error().message());
  auto sp = parse_sp_text(sp_file.text, sp_file.name);
  if (!sp) throw std::runtime_error(sp.error().message());
  ReconcileOptions o;
  o.as_of = as_of;
  o.app = *chosen;
  o.org = sp->org;
  o.role_map = role_map;
  return reconcile(idp, *sp, o);
}

// The agreeing tenant: Okta's three exports and our SP's CSV roster.
inline std::vector<Named> okta_files() {
  return {fixture("okta-current-assignments.csv"), fixture("okta-recent-unassignments.csv"),
          fixture("okta-user-list.csv")};
}

}  // namespace samlh::harness::reconcile::test
