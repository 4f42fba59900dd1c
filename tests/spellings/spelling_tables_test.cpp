// One round-trip test for every enum <-> spelling table: each enumerator's
// spelling, read back by the domain's own parser, is that enumerator; no
// spelling is used twice; spellings are plain words; an unknown text is
// refused. The tables' density (every enumerator spelled once) is checked
// when they compile (core/spelling.hpp); this checks what callers use.
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "core/reason.hpp"
#include "harness/scenario/findings.hpp"
#include "harness/scenario/scenario.hpp"
#include "idp-mock/tenant/directory.hpp"
#include "idp-mock/tenant/settings.hpp"
#include "sp/accounts/accounts.hpp"
#include "sp/capture/capture.hpp"
#include "sp/model/audit_record.hpp"
#include "sp/model/gaps.hpp"
#include "sp/model/model.hpp"
#include "sp/model/role.hpp"
#include "sp/validator/verdict.hpp"

namespace samlh {
namespace {

template <class E>
struct Table {
  std::string name;
  std::span<const E> values;
  std::function<std::string_view(E)> spell;
  std::function<std::optional<E>(std::string_view)> parse;
};

// A table whose public parser is the table's own.
template <class E, std::size_t N>
Table<E> of(std::string name, const core::SpellingTable<E, N>& t) {
  return {std::move(name), t.values(), [&t](E e) { return t.spelling(e); },
          [&t](std::string_view s) { return t.parse(s); }};
}

template <class E>
void round_trip(const Table<E>& t, std::set<std::string>& names) {
  SCOPED_TRACE(t.name);
  EXPECT_TRUE(names.insert(t.name).second) << "listed twice";
  EXPECT_FALSE(t.values.empty());
  std::set<std::string_view> seen;
  for (E e : t.values) {
    const std::string_view s = t.spell(e);
    ASSERT_FALSE(s.empty()) << static_cast<int>(e);
    EXPECT_TRUE(seen.insert(s).second) << s << " spells two enumerators";
    EXPECT_EQ(t.parse(s), e) << s;
    for (char c : s) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') << s;
  }
  EXPECT_EQ(t.parse("no_such_spelling"), std::nullopt);
  EXPECT_EQ(t.parse(""), std::nullopt);
}

TEST(SpellingTables, EveryTableRoundTripsThroughItsDomainsFunctions) {
  std::set<std::string> names;
  // core: the message reasons and weaknesses (reason_table.inc)
  round_trip(Table<core::Reason>{"Reason", core::all_reasons(), [](auto e) { return core::spelling(e); },
                                 [](auto s) { return core::reason_from_spelling(s); }},
             names);
  round_trip(Table<core::Weakness>{"Weakness", core::all_weaknesses(), [](auto e) { return core::spelling(e); },
                                   [](auto s) { return core::weakness_from_spelling(s); }},
             names);
  // sp
  round_trip(Table<sp::Gap>{"Gap", sp::all_gaps(), [](auto e) { return sp::spelling(e); },
                            [](auto s) { return sp::gap_from_spelling(s); }},
             names);
  round_trip(Table<sp::Role>{"Role", sp::all_roles(), [](auto e) { return sp::spelling(e); },
                             [](auto s) { return sp::role_from_spelling(s); }},
             names);
  round_trip(Table<sp::RequestBinding>{"RequestBinding", sp::kRequestBindingSpellings.values(),
                                       [](auto e) { return sp::spelling(e); },
                                       [](auto s) { return sp::request_binding_from_spelling(s); }},
             names);
  round_trip(Table<sp::SigningPolicy>{"SigningPolicy", sp::kSigningPolicySpellings.values(),
                                      [](auto e) { return sp::spelling(e); },
                                      [](auto s) { return sp::signing_policy_from_spelling(s); }},
             names);
  round_trip(Table<sp::MemberOrigin>{"MemberOrigin", sp::kMemberOriginSpellings.values(),
                                     [](auto e) { return sp::spelling(e); },
                                     [](auto s) { return sp::member_origin_from_spelling(s); }},
             names);
  round_trip(Table<sp::InvitationStatus>{"InvitationStatus", sp::kInvitationStatusSpellings.values(),
                                         [](auto e) { return sp::spelling(e); },
                                         [](auto s) { return sp::invitation_status_from_spelling(s); }},
             names);
  round_trip(Table<sp::IdpEventKind>{"IdpEventKind", sp::kIdpEventKindSpellings.values(),
                                     [](auto e) { return sp::spelling(e); },
                                     [](auto s) { return sp::idp_event_kind_from_spelling(s); }},
             names);
  round_trip(of("SessionVia", sp::kSessionViaSpellings), names);
  round_trip(of("AuditOutcome", sp::kAuditOutcomeSpellings), names);
  round_trip(Table<sp::AuditEvent>{"AuditEvent", sp::all_audit_events(), [](auto e) { return sp::spelling(e); },
                                   [](auto s) { return sp::audit_event_from_spelling(s); }},
             names);
  round_trip(of("CheckStatus", sp::kCheckStatusSpellings), names);
  round_trip(of("CaptureFormat", sp::kCaptureFormatSpellings), names);
  round_trip(of("LoginFlow", sp::kLoginFlowSpellings), names);
  // idp-mock (the YAML reader compares after folding case, tenant_yaml.hpp)
  round_trip(Table<idp::UserStatus>{"UserStatus", idp::kUserStatusSpellings.values(),
                                    [](auto e) { return idp::spelling(e); },
                                    [](auto s) { return idp::user_status_from(s); }},
             names);
  round_trip(of("AppUsername", idp::kAppUsernameSpellings), names);
  round_trip(of("UpdateUsernameOn", idp::kUpdateUsernameOnSpellings), names);
  round_trip(of("GroupFilter", idp::kGroupFilterSpellings), names);
  round_trip(of("OktaSignatureAlgorithm", idp::kOktaSignatureAlgorithms), names);
  round_trip(of("OktaDigestAlgorithm", idp::kOktaDigestAlgorithms), names);
  round_trip(of("OktaCipher", idp::kOktaCiphers), names);
  round_trip(of("OktaKeyTransport", idp::kOktaKeyTransports), names);
  // harness
  round_trip(of("Kind", harness::kKindSpellings), names);
  round_trip(of("Outcome", harness::kOutcomeSpellings), names);
  round_trip(of("Flow", harness::kFlowSpellings), names);
  round_trip(of("IdpVerb", harness::kIdpVerbSpellings), names);
  round_trip(of("SpVerb", harness::kSpVerbSpellings), names);
  round_trip(of("Severity", harness::kSeveritySpellings), names);
  round_trip(of("Gain", harness::kGainSpellings), names);
  EXPECT_EQ(names.size(), 30u);
}

}  // namespace
}  // namespace samlh
