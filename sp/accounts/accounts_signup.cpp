// Accounts: self sign-up, which never joins a company organization.
//
// [H3] A.5: "Unless you are invited to join an Organization, once you've set
// up an Account on Hotjar, you will automatically become the Account Owner",
// and "Signing up for Hotjar without using an invitation link will create a
// new ..." account. So a sign-up always makes a new Account + Organization
// owned by the person: the gap shadow_account_via_self_signup is recorded
// against each existing organization the address relates to:
//  1. it holds a pending invitation there (the invitee bypassed the link);
//  2. its domain is one of the org's allowed_email_domains;
//  3. its domain is the domain of a current member or pending invitee there
//     ("known domain"), unless it is a public mail domain (kPublicMailDomains,
//     an assumption: otherwise every gmail.com sign-up would relate to any
//     org with one gmail.com member).
// One audit record per related org (event self_signup, that org), plus the
// record of the sign-up itself under the new org.
#include <array>
#include <set>

#include <fmt/format.h>

#include "sp/accounts/accounts.hpp"
#include "sp/accounts/accounts_internal.hpp"
#include "sp/model/email.hpp"

namespace samlh::sp {



namespace {

constexpr std::array<std::string_view, 14> kPublicMailDomains{
    "gmail.com",   "googlemail.com", "outlook.com", "hotmail.com", "live.com",   "yahoo.com",      "icloud.com",
    "me.com",      "aol.com",        "proton.me",   "protonmail.com", "gmx.de", "gmx.net",        "mail.com"};

bool public_mail_domain(std::string_view d) {
  return std::find(kPublicMailDomains.begin(), kPublicMailDomains.end(), d) != kPublicMailDomains.end();
}

std::string domain_of(const std::string& email) { return email.substr(email.find('@') + 1); }

}  // namespace

std::vector<std::pair<std::string, std::string>> Accounts::related_orgs(StoreLock& db, const std::string& email,
                                                                        const std::string& domain) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Organization& o : db->orgs()) {
    std::string why;
    std::set<std::string> known;
    for (const Member& m : db->members(o.id)) known.insert(domain_of(m.email));
    for (const Invitation& i : db->invitations(o.id)) {
      if (i.status != InvitationStatus::pending) continue;
      if (i.email == email) why = "holds pending invitation " + Invitation::token_hint(i.token);
      known.insert(domain_of(i.email));
    }
    if (why.empty() && domain_allowed(Email{email, {}, domain}, o.sso.allowed_email_domains)) {
      why = "domain " + domain + " is allowed there";
    }
    if (why.empty() && !public_mail_domain(domain) && known.count(domain) != 0) {
      why = "domain " + domain + " is a known domain of its members";
    }
    if (why.empty()) continue;
    out.emplace_back(o.slug, std::move(why));
  }
  return out;
}

Outcome<SignupOutcome> Accounts::self_signup(const std::string& email, const std::string& password) {
  // Hashed before taking the store lock: PBKDF2 at full cost is slow.
  const std::string hash = password_meets_policy(password) ? hash_password(password, options_.password_iterations) : "";
  Draft d(AuditEvent::self_signup, clock_.now());
  d.rec.subject(email);
  d.rec.flow("password");
  return run<SignupOutcome>(std::move(d), [&](StoreLock& db, Draft& dr) -> LoginResult<SignupOutcome> {
    const core::Instant now = dr.rec.time();
    auto e = parse_email(email);
    if (!e) return std::move(e).failure();
    dr.rec.subject(e->address);
    if (!password_meets_policy(password)) return core::fail(LoginReason::login_password_weak, "policy [H8]");
    // [H7] A.5: "You are unable to sign up using an email that is already in
    // our system" (a member anywhere, an owner, or a password account).
    if (db->password_account(e->address) || !db->memberships_of(e->address).empty() ||
        db->account_owned_by(e->address)) {
      return core::fail(LoginReason::login_signup_email_taken, e->address);
    }
    // Decided before the new org exists, so it never relates to itself.
    const auto related = related_orgs(db, e->address, e->domain);

    Account account{0, e->address + "'s account", e->address, now};
    account.id = db->insert_account(account);
    Organization org;
    org.account_id = account.id;
    org.slug = fmt::format("signup-{}", account.id);
    org.name = e->address + "'s organization";
    org.created = now;
    org.id = db->insert_org(org);
    Member owner{org.id, e->address, Role::account_owner, MemberOrigin::signup, now, now, std::nullopt};
    db->upsert_member(owner);
    db->insert_password_account(PasswordAccount{e->address, hash, now});

    dr.rec.org(org.slug);
    dr.note(fmt::format("new account {} with organization {}", account.id, org.slug));
    std::vector<std::string> related_slugs;
    for (const auto& [slug, why] : related) {
      dr.extra.push_back(AuditEntry(AuditEvent::self_signup, now)
                             .org(slug)
                             .subject(e->address)
                             .flow("password")
                             .gap(Gap::shadow_account_via_self_signup)
                             .note(fmt::format("new account {} ({}); {}", account.id, org.slug, why))
                             .take());
      related_slugs.push_back(slug);
    }
    return SignupOutcome{std::move(account), std::move(org), std::move(owner), std::move(related_slugs)};
  });
}

}  // namespace samlh::sp
