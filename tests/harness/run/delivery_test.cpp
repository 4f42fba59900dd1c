// deliver_mutated, the one way both runners (in-process and --target-sp) post
// a mutated response: who posts, and which browser is judged.
#include <gtest/gtest.h>

#include "harness/run/runner.hpp"

namespace samlh::harness {
namespace {

struct Held {
  Scenario s;
  World w;
  Browser& user;
  Form form;

  explicit Held(const std::string& mutation)
      : s(parse_scenario("kind: attack\nname: t\ntitle: t\nuser: alice@acme.test\nmutation: " + mutation +
                             "\ntarget: {family: wrap, check: signature}\nexpect: {outcome: refused}\n",
                         "t.yaml")),
        w(s, options()),
        user(w.browser(s.user)),
        form(hold()) {}

  static WorldOptions options() {
    WorldOptions o;
    o.root = SAMLH_SOURCE_DIR;
    return o;
  }

  // The user's SP-initiated login, stopped before the browser posts the response.
  Form hold() {
    NavigateOptions nav;
    nav.credentials = Credentials{s.user, "demo"};
    nav.stop_before_saml_response = true;
    const Page page = user.navigate(w.sp_login_url(), nav);
    if (!page.pending_saml_post) throw std::runtime_error("no SAMLResponse was held");
    return *page.pending_saml_post;
  }

  bool has_session(Browser& b) { return b.get(w.sp_app_url()).status == 200; }
};

TEST(Delivery, AReplayIsJudgedInABrowserTheFirstPostGaveNoSession) {
  Held h("pr1_replay");
  StepRecord step;
  const Delivery d = deliver_mutated(h.w, h.s, h.user, h.form, step);
  ASSERT_NE(d.judged, nullptr);
  EXPECT_NE(d.judged, &h.user);
  // The first post logged the user in; the replaying browser holds no
  // session, so an oracle asked there sees the replay's verdict alone.
  EXPECT_TRUE(h.has_session(h.user));
  EXPECT_FALSE(h.has_session(*d.judged));
  EXPECT_NE(d.page.status, 200);
  EXPECT_EQ(d.used.size(), 3u);  // the user's, the never-started one, the replaying one
}

TEST(Delivery, LoginCsrfIsJudgedInTheBrowserThatNeverStartedALogin) {
  Held h("pr6_posted_from_another_browser");
  StepRecord step;
  const Delivery d = deliver_mutated(h.w, h.s, h.user, h.form, step);
  EXPECT_NE(d.judged, &h.user);
  EXPECT_FALSE(h.has_session(h.user));
}

TEST(Delivery, OnePostGoesFromTheUsersBrowserAndIsJudgedThere) {
  Held h("pr4_in_response_to_other");
  StepRecord step;
  const Delivery d = deliver_mutated(h.w, h.s, h.user, h.form, step);
  EXPECT_EQ(d.judged, &h.user);
  EXPECT_FALSE(step.evidence.empty());
}

TEST(Delivery, AnUnknownMutationThrows) {
  Held h("pr1_replay");
  h.s.mutation = "no_such_mutation";
  StepRecord step;
  EXPECT_THROW(deliver_mutated(h.w, h.s, h.user, h.form, step), std::runtime_error);
}

}  // namespace
}  // namespace samlh::harness
