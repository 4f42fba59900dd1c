// core/browser/browser.hpp over an in-process transport (route functions, no
// sockets): redirects resolved as RFC 3986 says and bounded, 307 keeping the
// POST, the POST binding's form auto-submitted cross-site with only
// SameSite=None cookies, cookies shared by two ports of one host, the sign-in
// form filled, Locations that are not http(s) left alone, evidence; and over
// HTTP, a deadline per request.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "core/bindings.hpp"
#include "core/browser/browser.hpp"
#include "core/http/http_server.hpp"
#include "core/http/url.hpp"

using namespace samlh::core;
using namespace samlh::core::browser;
using http::Request;
using http::Response;

namespace {

// Three sites: an SP on 127.0.0.1:8081, an IdP on 127.0.0.1:7000 (same
// host) and an IdP on localhost:7001 (another site).
class BrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    transport_.add("http://127.0.0.1:8081", [this](const Request& r) { return sp(r); });
    transport_.add("http://127.0.0.1:7000", [this](const Request& r) { return idp(r, "http://127.0.0.1:7000"); });
    transport_.add("http://localhost:7001", [this](const Request& r) { return idp(r, "http://localhost:7001"); });
    transport_.add("http://evil.example", [](const Request& r) { return Response::text(200, "evil " + r.target); });
  }

  Response sp(const Request& r) {
    seen_.push_back(r.method + " " + r.target + " cookie=" + r.cookie("lax") + "," + r.cookie("none") + "," +
                    r.cookie("sid"));
    if (r.path == "/login") {
      return Response::redirect(idp_ + "/sso?SAMLRequest=x")
          .set("Set-Cookie", "lax=1; Path=/; SameSite=Lax")
          .set("Set-Cookie", "none=2; Path=/; SameSite=None; Secure");
    }
    if (r.path == "/acs") return Response::redirect("/app", 303);
    if (r.path == "/app") return Response::html(200, "<p>app</p>");
    if (r.path == "/loop") return Response::redirect("/loop");
    if (r.path == "/relative") return Response::redirect("?next=1");
    if (r.path == "/protocol-relative") return Response::redirect("//evil.example/p");
    if (r.path == "/script") return Response::redirect("javascript:alert(1)");
    if (r.path == "/temporary") return Response::redirect("/echo", 307);
    if (r.path == "/echo") return Response::text(200, r.method + " " + r.body);
    if (r.path == "/set-sid") return Response::text(200, "ok").set("Set-Cookie", "sid=sp; Path=/");
    return Response::text(404, "none");
  }

  Response idp(const Request& r, const std::string& self) {
    if (r.path == "/sso" && r.cookie("idp") != "in") {
      return Response::html(200, "<FORM METHOD=POST ACTION=/signin><INPUT NAME=username><INPUT TYPE=password "
                                 "NAME=password><BUTTON>Sign in</BUTTON></FORM>");
    }
    if (r.path == "/signin") {
      auto f = samlh::core::parse_form(r.body);
      if (!f || samlh::core::form_get(*f, "password") == nullptr || *samlh::core::form_get(*f, "password") != "demo") {
        return Response::text(401, "no");
      }
      return Response::redirect(self + "/sso", 303).set("Set-Cookie", "idp=in; Path=/");
    }
    if (r.path == "/sso") {
      return Response::html(200, samlh::core::auto_post_form("http://127.0.0.1:8081/acs",
                                                      {{"SAMLResponse", samlh::core::base64_encode("<r/>")}, {"RelayState", "/app"}}));
    }
    if (r.path == "/set-sid") return Response::text(200, "ok").set("Set-Cookie", "sid=idp; Path=/");
    return Response::text(404, "none");
  }

  NavigateOptions sign_in() {
    NavigateOptions o;
    o.credentials = Credentials{"carol", "demo"};
    return o;
  }

  InProcessTransport transport_;
  VirtualClock clock_{Instant{Millis{1'700'000'000'000}}};
  Browser browser_{transport_, clock_, "carol"};
  std::string idp_ = "http://localhost:7001";
  std::vector<std::string> seen_;
};

TEST_F(BrowserTest, TheCrossSitePostBindingCarriesOnlySameSiteNone) {
  const Page p = browser_.navigate("http://127.0.0.1:8081/login", sign_in());
  EXPECT_EQ(p.status, 200) << p.error;
  EXPECT_EQ(p.url, "http://127.0.0.1:8081/app");
  ASSERT_EQ(seen_.size(), 3u);
  EXPECT_EQ(seen_[0], "GET /login cookie=,,");
  // The IdP's page on localhost posts to 127.0.0.1: Lax stays home, None goes.
  EXPECT_EQ(seen_[1], "POST /acs cookie=,2,");
  // The redirect keeps the cross-site initiator: a top-level GET takes Lax.
  EXPECT_EQ(seen_[2], "GET /app cookie=1,2,");
  const std::vector<std::string> chain = {"http://127.0.0.1:8081/login", "http://localhost:7001/sso?SAMLRequest=x",
                                          "http://localhost:7001/signin", "http://localhost:7001/sso",
                                          "http://127.0.0.1:8081/acs", "http://127.0.0.1:8081/app"};
  EXPECT_EQ(p.chain, chain);
}

TEST_F(BrowserTest, ASameSiteIdpPostCarriesLaxCookies) {
  idp_ = "http://127.0.0.1:7000";  // another port of the SP's host: the same site
  const Page p = browser_.navigate("http://127.0.0.1:8081/login", sign_in());
  EXPECT_EQ(p.status, 200) << p.error;
  ASSERT_EQ(seen_.size(), 3u);
  EXPECT_EQ(seen_[1], "POST /acs cookie=1,2,");
}

TEST_F(BrowserTest, StopBeforeTheResponseHoldsTheFormAndSubmitSendsItLater) {
  NavigateOptions o = sign_in();
  o.stop_before_saml_response = true;
  const Page held = browser_.navigate("http://127.0.0.1:8081/login", o);
  ASSERT_TRUE(held.pending_saml_post);
  EXPECT_EQ(held.pending_saml_post->action, "http://127.0.0.1:8081/acs");
  EXPECT_EQ(held.pending_saml_post->page_url, "http://localhost:7001/sso");
  EXPECT_EQ(seen_.size(), 1u);
  const Page p = browser_.submit(*held.pending_saml_post);
  EXPECT_EQ(p.status, 200);
  EXPECT_EQ(seen_[1], "POST /acs cookie=,2,");  // still a post from the IdP's page
}

TEST_F(BrowserTest, WithoutCredentialsNavigationStopsAtTheSignInPage) {
  const Page p = browser_.navigate("http://127.0.0.1:8081/login");
  EXPECT_EQ(p.status, 200);
  EXPECT_EQ(p.url, "http://localhost:7001/sso?SAMLRequest=x");
  const auto forms = parse_forms(p.body, p.url);
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0].action, "http://localhost:7001/signin");
}

TEST_F(BrowserTest, LocationsResolveAsRfc3986Says) {
  EXPECT_EQ(browser_.get("http://127.0.0.1:8081/relative").url, "http://127.0.0.1:8081/relative?next=1");
  const Page p = browser_.get("http://127.0.0.1:8081/protocol-relative");
  EXPECT_EQ(p.url, "http://evil.example/p");  // another host, not a path on this one
  EXPECT_EQ(p.body, "evil /p");
}

TEST_F(BrowserTest, ALocationThatIsNotHttpIsNotFollowed) {
  const Page p = browser_.get("http://127.0.0.1:8081/script");
  EXPECT_EQ(p.status, 302);
  EXPECT_EQ(p.error, "redirect not followed: Location javascript:alert(1)");
}

TEST_F(BrowserTest, RedirectsAreBounded) {
  const Page p = browser_.get("http://127.0.0.1:8081/loop");
  EXPECT_EQ(p.status, 302);
  EXPECT_EQ(p.error, "redirect limit (20) reached");
  EXPECT_EQ(seen_.size(), 21u);
  browser_.options().max_redirects = 3;
  seen_.clear();
  EXPECT_EQ(browser_.get("http://127.0.0.1:8081/loop").error, "redirect limit (3) reached");
  EXPECT_EQ(seen_.size(), 4u);
}

TEST_F(BrowserTest, A307RepeatsThePost) {
  Form f;
  f.method = "post";
  f.action = "http://127.0.0.1:8081/temporary";
  f.fields = {{"a", "1 2"}};
  const Page p = browser_.submit(f);
  EXPECT_EQ(p.body, "POST a=1+2");
}

TEST_F(BrowserTest, TwoPortsOfOneHostShareCookies) {
  browser_.fetch("http://127.0.0.1:8081/set-sid");
  EXPECT_EQ(browser_.jar().get("sid"), "sp");
  browser_.fetch("http://127.0.0.1:7000/set-sid");  // the IdP's sid overwrites the SP's
  browser_.fetch("http://127.0.0.1:8081/app");
  EXPECT_EQ(seen_.back(), "GET /app cookie=,,idp");
  EXPECT_EQ(browser_.jar().size(), 1u);
}

TEST_F(BrowserTest, EveryExchangeIsEvidenceWithItsSamlMessages) {
  browser_.navigate("http://127.0.0.1:8081/login", sign_in());
  const auto ev = browser_.take_evidence();
  ASSERT_EQ(ev.size(), 6u);
  EXPECT_EQ(ev[0].title, "[carol] GET http://127.0.0.1:8081/login -> 302");
  EXPECT_NE(ev[0].body.find("set-cookie: none=2; Path=/; SameSite=None; Secure"), std::string::npos);
  EXPECT_NE(ev[3].body.find("form to http://127.0.0.1:8081/acs\n"), std::string::npos) << ev[3].body;
  EXPECT_EQ(ev[4].title, "[carol] POST http://127.0.0.1:8081/acs -> 303");
  EXPECT_NE(ev[4].body.find("--- SAMLResponse (HTTP-POST)"), std::string::npos) << ev[4].body;
  EXPECT_NE(ev[4].body.find("--- RelayState: /app"), std::string::npos);
  EXPECT_TRUE(browser_.take_evidence().empty());
}

TEST_F(BrowserTest, ARefusedCookieIsInTheEvidence) {
  transport_.add("http://sp.example", [](const Request&) {
    return Response::text(200, "x").set("Set-Cookie", "s=1; Secure");
  });
  browser_.fetch("http://sp.example/");
  EXPECT_EQ(browser_.jar().size(), 0u);
  const auto ev = browser_.take_evidence();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_NE(ev[0].body.find("cookie not stored (Secure from an insecure origin): s=1; Secure"), std::string::npos);
}

TEST_F(BrowserTest, AnUnknownOriginIsATransportError) {
  const Page p = browser_.get("http://127.0.0.1:9/x");
  EXPECT_EQ(p.status, 0);
  EXPECT_EQ(p.error, "no in-process server at http://127.0.0.1:9");
}

// Over HTTP: a server that accepts and never answers meets the deadline.
TEST(BrowserOverHttp, EachRequestHasADeadline) {
  http::Server silent(http::ServerOptions{}, [](const Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return Response::text(200, "late");
  });
  silent.listen();
  silent.start();
  BrowserOptions o;
  o.request_timeout = std::chrono::milliseconds(200);
  Browser b("b", o);
  const Page p = b.get(silent.base_url() + "/");
  EXPECT_EQ(p.status, 0);
  EXPECT_EQ(p.error, "request: no answer within 200 ms");
}

}  // namespace
