// Store: the AuthnRequests this SP sent, each bound to one browser.
#include "sp/store/store.hpp"

namespace samlh::sp {

void StoreTables::insert_authn_request(const OutstandingRequest& r) {
  std::optional<std::int64_t> used;
  if (r.used) used = to_ms(*r.used);
  db_.query(
         "INSERT INTO authn_requests(id, org_id, browser_sha256, relay_state, invitation_token, created_ms, "
         "expires_ms, used_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(r.id, r.org_id, r.browser_sha256, r.relay_state, r.invitation_token, to_ms(r.created),
                to_ms(r.expires), used)
      .run();
}

std::optional<OutstandingRequest> StoreTables::take_authn_request(const std::string& browser_sha256, core::Instant at) {
  OutstandingRequest r;
  {
    auto q = db_.query(
        "SELECT id, org_id, browser_sha256, relay_state, invitation_token, created_ms, expires_ms, used_ms "
        "FROM authn_requests WHERE browser_sha256 = ?");
    q.bind(browser_sha256);
    if (!q.step()) return std::nullopt;
    r.id = q.text(0);
    r.org_id = q.integer(1);
    r.browser_sha256 = q.text(2);
    r.relay_state = q.text(3);
    r.invitation_token = q.opt_text(4);
    r.created = from_ms(q.integer(5));
    r.expires = from_ms(q.integer(6));
    if (auto u = q.opt_integer(7)) r.used = from_ms(*u);
  }  // the SELECT is reset before the UPDATE
  if (!r.used) {
    db_.query("UPDATE authn_requests SET used_ms = ? WHERE id = ? AND used_ms IS NULL").bind_all(to_ms(at), r.id).run();
  }
  return r;
}

std::size_t StoreTables::purge_authn_requests(core::Instant now) {
  db_.query("DELETE FROM authn_requests WHERE expires_ms < ?").bind(to_ms(now)).run();
  return static_cast<std::size_t>(db_.changes());
}

}  // namespace samlh::sp
