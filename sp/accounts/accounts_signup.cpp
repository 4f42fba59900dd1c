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

std::vector<std::string> Accounts::related_orgs(const std::string& email, const std::string& domain, Draft& d) {
  std::vector<std::string> out;
  for (const Organization& o : store_.orgs()) {
    std::string why;
    std::set<std::string> known;
    for (const Member& m : store_.members(o.id)) known.insert(domain_of(m.email));
    for (const Invitation& i : store_.invitations(o.id)) {
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
    AuditRecord x = d.rec;
    x.org = o.slug;
    x.gaps = {Gap::shadow_account_via_self_signup};
    x.detail = why;
    d.extra.push_back(std::move(x));
    out.push_back(o.slug);
  }
  return out;
}

Outcome<SignupOutcome> Accounts::self_signup(const std::string& email, const std::string& password) {
  // Hashed before taking the store lock: PBKDF2 at full cost is slow.
  const std::string hash = password_meets_policy(password) ? hash_password(password, options_.password_iterations) : "";
  Draft d("self_signup", clock_.now());
  d.rec.subject = email;
  d.rec.flow = "password";
  return run<SignupOutcome>(std::move(d), [&](Draft& dr) -> LoginResult<SignupOutcome> {
    const core::Instant now = dr.rec.time;
    auto e = parse_email(email);
    if (!e) return std::move(e).failure();
    dr.rec.subject = e->address;
    if (!password_meets_policy(password)) return core::fail(LoginReason::login_password_weak, "policy [H8]");
    // [H7] A.5: "You are unable to sign up using an email that is already in
    // our system" (a member anywhere, an owner, or a password account).
    if (store_.password_account(e->address) || !store_.memberships_of(e->address).empty() ||
        store_.account_owned_by(e->address)) {
      return core::fail(LoginReason::login_signup_email_taken, e->address);
    }
    // Decided before the new org exists, so it never relates to itself.
    std::vector<std::string> related = related_orgs(e->address, e->domain, dr);

    Account account{0, e->address + "'s account", e->address, now};
    account.id = store_.insert_account(account);
    Organization org;
    org.account_id = account.id;
    org.slug = fmt::format("signup-{}", account.id);
    org.name = e->address + "'s organization";
    org.created = now;
    org.id = store_.insert_org(org);
    Member owner{org.id, e->address, Role::account_owner, MemberOrigin::signup, now, now, std::nullopt};
    store_.upsert_member(owner);
    store_.insert_password_account(PasswordAccount{e->address, hash, now});

    dr.rec.org = org.slug;
    dr.note(fmt::format("new account {} with organization {}", account.id, org.slug));
    for (AuditRecord& x : dr.extra) x.detail = fmt::format("new account {} ({}); {}", account.id, org.slug, x.detail);
    return SignupOutcome{std::move(account), std::move(org), std::move(owner), std::move(related)};
  });
}

}  // namespace samlh::sp
