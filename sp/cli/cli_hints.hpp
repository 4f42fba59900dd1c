// `sp validate`'s hints: after a refusal or a usage mistake, one line that
// says what to do, naming the flag or the likely cause and the values that
// were compared. A hint never changes a verdict or an exit code.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "sp/capture/capture.hpp"
#include "sp/validator/verdict.hpp"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace samlh::sp::cli {

// What the command line said, as far as the hints need it.
struct HintContext {
  bool now_given = false;        // --now
  std::string sp_entity_id;      // --sp-entity-id
  std::string_view raw_message;  // the INPUT when it is one message (not a capture)
};

// The hint lines for one refused response (none for an accepted one, or a
// reason with nothing more to say). `peek` is what the response claims,
// read without trusting it.
std::vector<std::string> refusal_hints(const Verdict& v, const ResponsePeek& peek, const HintContext& h);

// The hint for a file given to --idp-cert that holds no certificate, from
// its text: metadata belongs to --idp-metadata. Empty when nothing fits.
std::string idp_cert_hint(std::string_view text);

// A command-line parse error of `sp validate` (an unknown or mistyped flag,
// a bad value): the error with the `sp validate:` prefix and, for an
// unknown flag, the nearest flag the command has. Returns the exit code.
int report_parse_error(const CLI::App& validate, const CLI::ParseError& e, std::ostream& err);

}  // namespace samlh::sp::cli
