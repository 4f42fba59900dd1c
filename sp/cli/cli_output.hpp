// How `sp validate` shows a verdict: one JSON object per line (--json), or a
// table of checks for a person, coloured only on a terminal. Every string
// that came from the message is made safe for a terminal first: a captured
// response can carry escape sequences or bidi overrides in its Issuer, its
// attributes or the details quoting them.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sp/validator/verdict.hpp"

namespace samlh::sp::cli {

// Control characters (C0, DEL, C1), bidi controls and invalid UTF-8 become
// visible escapes such as "\x1b" or "\u{202e}"; everything else is kept.
std::string terminal_safe(std::string_view s);

// One line (no newline) with exactly: verdict, reason, checks, issuer,
// name_id, name_id_format, attributes, session_index, weak, and `source`
// when it is not empty. Identity fields are null unless accepted;
// name_id_format and session_index are also null when the assertion has none.
std::string verdict_json(const Verdict& v, std::string_view source);

struct TextStyle {
  bool color = false;
};

// The readable form: a heading with the source, `notes` (how the request ID
// was chosen), the table of checks, the identity when accepted, the weak
// options, and the verdict line with the reason and its sentence.
void print_verdict_text(std::ostream& out, const Verdict& v, std::string_view source,
                        const std::vector<std::string>& notes, TextStyle style);

// --list-reasons, --list-checks, --list-weak (plain aligned text, or JSON lines).
void print_reasons(std::ostream& out, bool json);
void print_checks(std::ostream& out, bool json);
void print_weaknesses(std::ostream& out, bool json);

// A one-line description of each check of the pipeline (for --list-checks);
// empty for an unknown name.
std::string_view check_description(std::string_view name);

}  // namespace samlh::sp::cli
