// The report in three forms: Markdown for people (a summary, then findings
// grouped by kind with the fix), JSON with a stable schema (schema_version),
// and CSV with one row per finding.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "harness/reconcile/findings.hpp"

namespace samlh::harness::reconcile {

// Bumped when a field is removed or changes meaning; new fields may appear.
inline constexpr int kReconcileSchemaVersion = 1;

// The Markdown and JSON name each fix with its runbook step's text from
// `steps` (the gap report's runbook); std::out_of_range when a step is missing.
std::string render_markdown(const Report& r, const StepTexts& steps);
std::string render_json(const Report& r, const StepTexts& steps);
std::string render_csv(const Report& r);

// The source tags the output may carry, with what each is (from
// ../shared/facts/okta-hotjar.md, Sources).
struct SourceTag {
  std::string_view tag;  // "[O21]"
  std::string_view what;
};
std::span<const SourceTag> source_tags() noexcept;

}  // namespace samlh::harness::reconcile
