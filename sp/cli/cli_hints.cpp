#include "sp/cli/cli_hints.hpp"

#include <ostream>

#include <CLI/CLI.hpp>

#include "core/nearest.hpp"
#include "sp/cli/cli_output.hpp"
#include "sp/cli/cli_validate.hpp"

namespace samlh::sp::cli {
namespace {

using core::Reason;

bool judged_by_time(Reason r) {
  return r == Reason::subj_expired || r == Reason::cond_expired || r == Reason::cond_not_yet_valid ||
         r == Reason::cond_issue_instant;
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "'" : ", '") + v + "'";
  return out;
}

// The option names of `app` ("--idp-cert", ...), for "did you mean".
std::vector<std::string> flag_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options()) {
    for (const std::string& n : o->get_lnames()) names.push_back("--" + n);
  }
  return names;
}

}  // namespace

std::vector<std::string> refusal_hints(const Verdict& v, const ResponsePeek& peek, const HintContext& h) {
  std::vector<std::string> hints;
  if (v.accepted || !v.reason) return hints;
  const Reason r = *v.reason;
  if (judged_by_time(r) && !h.now_given) {
    if (peek.issue_instant.empty()) {
      hints.push_back("judged at this machine's clock; to review a captured response, add --now with its IssueInstant");
    } else {
      hints.push_back("the response was issued at " + peek.issue_instant +
                      " and judged at this machine's clock; to review a captured response, add --now " +
                      peek.issue_instant);
    }
  } else if (r == Reason::inresp_unexpected) {
    const std::string id = peek.in_response_to.empty() ? "ID" : peek.in_response_to;
    hints.push_back("the response answers the AuthnRequest '" + id + "': give that ID with --request-id " + id +
                    ", or --any-in-response-to to accept it without comparing (reported weak)");
  } else if (r == Reason::cond_audience_mismatch) {
    if (peek.audiences.empty()) {
      hints.push_back("--sp-entity-id is '" + h.sp_entity_id +
                      "'; the conditions check shows the audience the assertion names");
    } else {
      hints.push_back("the response is addressed to " + quoted_list(peek.audiences) + "; --sp-entity-id is '" +
                      h.sp_entity_id + "': give the SP entity ID the IdP was configured with");
    }
  } else if ((r == Reason::binding_bad_base64 || r == Reason::binding_bad_form) &&
             h.raw_message.find('%') != std::string_view::npos) {
    hints.push_back("INPUT looks URL-encoded (it has %XX escapes): percent-decode it, or give the whole form body "
                    "SAMLResponse=...");
  }
  return hints;
}

std::string idp_cert_hint(std::string_view text) {
  if (text.find("EntityDescriptor") != std::string_view::npos) {
    return "it looks like SAML metadata (an EntityDescriptor): give it with --idp-metadata";
  }
  if (text.find("PRIVATE KEY-----") != std::string_view::npos) {
    return "it holds a private key: --idp-cert takes the IdP's certificate (-----BEGIN CERTIFICATE-----)";
  }
  return {};
}

int report_parse_error(const CLI::App& validate, const CLI::ParseError& e, std::ostream& err) {
  err << "sp validate: " << terminal_safe(e.what()) << "\n";
  if (const auto* extras = dynamic_cast<const CLI::ExtrasError*>(&e); extras != nullptr) {
    const std::vector<std::string> flags = flag_names(validate);
    for (const std::string& arg : validate.remaining()) {
      if (!arg.starts_with("-")) continue;
      const std::string name = arg.substr(0, arg.find('='));
      if (auto near = core::nearest(name, flags)) err << "hint: " << terminal_safe(name) << ": did you mean " << *near << "?\n";
    }
  }
  err << "Run with --help for more information.\n";
  return kExitUsage;
}

}  // namespace samlh::sp::cli
