#include "idp-mock/tenant/group_regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cctype>
#include <stdexcept>

namespace samlh::idp {

namespace {

std::string pcre2_message(int code) {
  PCRE2_UCHAR buf[256];
  const int n = pcre2_get_error_message(code, buf, sizeof buf);
  return n < 0 ? "PCRE2 error " + std::to_string(code) : std::string(reinterpret_cast<const char*>(buf));
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Java's \uhhhh as PCRE2's \x{hhhh} (PCRE2 refuses \u; its ALT_BSUX option
// would take \u but lose Java's \x{h..h}). A backslash that is itself
// escaped (\\u) is left alone.
std::string java_escapes(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '\\' || i + 1 >= pattern.size()) {
      out += pattern[i];
      continue;
    }
    if (pattern[i + 1] == 'u' && i + 5 < pattern.size() && is_hex(pattern[i + 2]) && is_hex(pattern[i + 3]) &&
        is_hex(pattern[i + 4]) && is_hex(pattern[i + 5])) {
      out += "\\x{" + std::string(pattern.substr(i + 2, 4)) + "}";
      i += 5;
      continue;
    }
    out += pattern.substr(i, 2);  // any other escape, kept whole
    ++i;
  }
  return out;
}

}  // namespace

struct GroupRegex::Code {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  Code() = default;
  Code(const Code&) = delete;
  Code& operator=(const Code&) = delete;
  ~Code() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

GroupRegex GroupRegex::compile(std::string_view pattern) {
  if (pattern.size() > kMaxPatternLength)
    throw std::invalid_argument("longer than " + std::to_string(kMaxPatternLength) + " characters");
  std::unique_ptr<pcre2_compile_context, decltype(&pcre2_compile_context_free)> cc(pcre2_compile_context_create(nullptr),
                                                                                    &pcre2_compile_context_free);
  if (!cc) throw std::bad_alloc();
  // Java's line terminators (\n, \r\n, \r, \u0085, \u2028, \u2029) for '.' and '$'.
  pcre2_set_newline(cc.get(), PCRE2_NEWLINE_ANY);
  // Matcher.matches(): the whole subject, so anchored at both ends.
  const std::uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED | PCRE2_ENDANCHORED;
  const std::string translated = java_escapes(pattern);
  int err = 0;
  PCRE2_SIZE offset = 0;
  auto code = std::make_shared<Code>();
  code->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(), options, &err,
                             &offset, cc.get());
  if (code->code == nullptr)
    throw std::invalid_argument(pcre2_message(err) + " at offset " + std::to_string(offset));
  code->context = pcre2_match_context_create(nullptr);
  if (code->context == nullptr) throw std::bad_alloc();
  pcre2_set_match_limit(code->context, kMatchLimit);
  pcre2_set_depth_limit(code->context, kDepthLimit);
  pcre2_set_heap_limit(code->context, kHeapLimitKiB);
  GroupRegex out;
  out.code_ = std::move(code);
  return out;
}

IdpResult<bool> GroupRegex::matches(std::string_view subject) const {
  if (!code_) return false;
  std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> md(
      pcre2_match_data_create_from_pattern(code_->code, nullptr), &pcre2_match_data_free);
  if (!md) return core::fail(IdpReason::idp_group_filter_limit, "out of memory for the match data");
  const int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0,
                             md.get(), code_->context);
  if (rc >= 0) return true;
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  return core::fail(IdpReason::idp_group_filter_limit,
                    "group name of " + std::to_string(subject.size()) + " bytes: " + pcre2_message(rc));
}

}  // namespace samlh::idp
