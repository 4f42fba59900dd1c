// POST /sso/<org>/acs: decodes the request for the ACS transaction
// (sp/accounts/acs.hpp: validation, account rules, audit records) and renders
// its answer: a redirect with the session cookie, or the error page for the
// refusal. The browser's binding cookie goes once the POST was decided.
#include "sp/server/cookie_rules.hpp"
#include "sp/server/demo_pages.hpp"
#include "sp/server/routes.hpp"

namespace samlh::sp::routes {

Response acs(const Request& req, SpState& st, const std::string& slug) {
  // Refusals are counted per address (each adds audit rows); over the
  // limit the POST is not read at all.
  if (auto wait = st.limiters.acs_refusals_per_address.peek(req.remote)) return too_many(req, *wait);
  const std::string cookie = req.cookie(kBindingCookie);
  const AcsAnswer a = st.acs.consume(AcsRequest{slug, req.body, cookie, st.demo != nullptr});
  const bool clear_binding = a.decided && !cookie.empty();
  const std::optional<std::uint64_t> inspected =
      st.demo ? std::optional(demo_keep_login(st, slug, cookie, a)) : std::nullopt;
  if (!a.signed_in()) {
    (void)st.limiters.acs_refusals_per_address.take(req.remote);
    Response res = error_page(*a.refusal);
    if (inspected) {
      const auto l = st.demo->find(*inspected);
      res.body = demo_pages::decorate(std::move(res.body), (l ? demo_pages::refusal_summary(*l) : std::string()) +
                                                               demo_pages::inspector_link(*inspected));
    }
    if (clear_binding) res.set("Set-Cookie", set_cookie(expired(binding_cookie(slug, a.org->sso, "", core::Millis{0}))));
    return res;
  }
  const SsoSettings& sso = a.org->sso;
  Response res = Response::redirect(a.next, 303);
  res.set("Set-Cookie", set_cookie(session_cookie(sso, a.login->result->session.token, sso.session_lifetime)));
  if (clear_binding) res.set("Set-Cookie", set_cookie(expired(binding_cookie(slug, sso, "", core::Millis{0}))));
  res.set("Cache-Control", "no-store");
  return res;
}

}  // namespace samlh::sp::routes
