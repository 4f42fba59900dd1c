// Internal to reconcile: the IdP side folded into one record per person (by
// Application login, the identity the SP receives [O21]) and judged at the
// as-of date.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/reconcile/findings.hpp"
#include "harness/reconcile/inputs.hpp"

namespace samlh::harness::reconcile::detail {

struct Person {
  std::string app_login;   // "" when known only from the user list or an unassignment without it
  std::string okta_login;
  std::string name;
  std::vector<const AssignmentRecord*> rows;
  std::vector<const UnassignmentRecord*> unassignments;
  const UserRecord* user = nullptr;
  std::optional<OktaStatus> status;  // the user list's, else the export's Status column

  // Judged at the end of the as-of day (UTC):
  bool active = false;
  std::optional<Instant> gone_since;  // the latest unassignment, when inactive
  std::optional<Instant> starts;      // the earliest assignment after the as-of date
  std::vector<std::string> groups;    // granting groups of the active assignment rows

  // Set while matching:
  bool has_member = false;
  bool has_invitation = false;
  bool name_matched = false;
};

class People {
 public:
  // Folds the records; `end` is the first instant after the as-of day.
  People(const IdpInputs& idp, Instant end);

  // By Application login, or by Okta Login; ASCII case aside; nullptr if none.
  Person* by_app(const std::string& email);
  Person* by_okta(const std::string& email);
  std::vector<Person>& all() { return people_; }

  // Why an inactive person is inactive, as a clause with its source tag.
  std::string inactive_reason(const Person& p, Day as_of) const;
  // Evidence rows of the IdP side for this person.
  std::vector<Cited> evidence(const Person& p) const;

 private:
  Person& by_app_login(const std::string& app_login);
  void judge(Person& p, Instant end);

  std::vector<Person> people_;
  std::map<std::string, std::size_t> app_index_;
  std::map<std::string, std::size_t> okta_index_;
};

}  // namespace samlh::harness::reconcile::detail
