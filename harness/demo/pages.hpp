// The pages of `harness demo`: the trainer's page (the user picker joined
// from the IdP and the SP, attack mode's form), the attack page (the
// untouched and the mutated response side by side, differences marked, a
// button per POST to the chosen SP's ACS) and the message page for bad
// input. Every value from the IdP, the SP or a message is HTML-escaped here.
#pragma once

#include <string>
#include <vector>

#include "attacks/mutations.hpp"

namespace samlh::harness::demo {

struct UserRow {
  std::string login;
  std::string name;
  std::string okta_status;  // ACTIVE, SUSPENDED, DEPROVISIONED
  bool assigned = false;    // to the app, directly or through a group
  std::string sp_state;     // "member", "pending invitation", "none"
  std::string sp_role;      // the role in the org ("" when none)
};

struct HomeView {
  std::vector<UserRow> users;
  std::string sign_in_url;     // the app's IdP-initiated SSO URL
  std::string idp_inspector;   // the IdP's /demo/responses
  std::string sp_inspector;    // the SP's /demo/logins
  std::string vulnerable_url;  // "" when the vulnerable SP is not running
  std::string warning;         // a source that could not be read, shown as text
};

struct PostView {
  std::string action;  // the ACS
  std::vector<std::pair<std::string, std::string>> fields;  // SAMLResponse, RelayState
};

struct AttackView {
  std::string mutation;
  std::string rows;     // catalogue rows, e.g. "XSW-1"
  std::string summary;  // the catalogue title
  std::string note;     // what the recipe did
  std::string victim;
  std::string attacker;
  std::string genuine_for;  // whose genuine response it starts from (the victim's for a replay)
  std::string target_label;
  std::string inspector;  // the SP inspector's page to read the verdict on ("" for the vulnerable SP)
  std::string untouched;  // the genuine response, as the IdP signed it
  std::string mutated;    // the last POST's response (what is judged)
  std::vector<PostView> posts;
};

std::string home(const HomeView& v);
std::string attack(const AttackView& v);
std::string message(const std::string& title, const std::string& text);

// The two messages pretty-printed one element a line and compared line by
// line: a <table> with the untouched on the left and the mutated on the
// right, lines only in one of them marked. Bounded: beyond kMaxDiffLines a
// side is cut and the page says so.
inline constexpr std::size_t kMaxDiffLines = 1500;
std::string side_by_side(const std::string& untouched, const std::string& mutated);

}  // namespace samlh::harness::demo
