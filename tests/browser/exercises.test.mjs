// The README's lesson plan, exercises 1-3, in Debian's headless Chromium
// against idp-mock --demo and sp serve --demo with the demo configs
// (examples/demo/): what each exercise promises the class is asserted on
// the page, and each step is a screenshot under out/browser/exercises/.
// Last, the escaping test: everything the SP's demo pages show from a
// message is text. Markup and script put into the NameID, attribute values
// and the RelayState reach the inspector as characters a class can read, and
// none of it becomes an element or runs. The hostile user is made through
// idp-mock's control API; idp-mock signs what it is given, so the SP's
// validator accepts the response and the inspector shows every value.
import {after, before, test} from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {Shots, back_on, fill, idp_sign_in, launch_browser, new_page, repo, require_browser, start_stack, text_of} from "./lib.mjs";

require_browser();

const configs = {
  idp_config: path.join(repo, "examples/demo/idp.yaml"),
  sp_config: path.join(repo, "examples/demo/sp.yaml"),
};
let stack, browser;
const shots = new Shots("exercises");

before(async () => {
  stack = await start_stack({...configs, idp_args: ["--demo"], sp_args: ["--demo"]});
  browser = await launch_browser();
});

after(async () => {
  await browser?.close();
  stack?.stop();
});

// A fresh browser context per exercise: no session carries over.
async function fresh_page() {
  const ctx = await browser.createBrowserContext();
  return new_page(ctx);
}

test("exercise 1: a normal login; alice is in as Admin and the inspector shows the accepted Response", async () => {
  const page = await fresh_page();
  await page.goto(`${stack.sp}/sso/acme/login`);
  await shots.take(page, "1-idp-sign-in");
  // idp-mock --demo shows what it posts back to the SP before it does.
  await idp_sign_in(page, "alice@acme.test", stack.sp, {on_post_page: async () => {
    await shots.take(page, "1-idp-posts");
    assert.equal(await text_of(page, "#post-action"), `${stack.sp}/sso/acme/acs`);
    assert.match(await text_of(page, ".posted-xml"), /<saml2p:Response[\s\S]*alice@acme\.test/);
  }});
  assert.equal(new URL(page.url()).pathname, "/app");
  await shots.take(page, "1-app");
  assert.equal(await text_of(page, "#email"), "alice@acme.test");
  assert.equal(await text_of(page, "#role"), "Admin");
  const link = await page.$eval(".demo-inspect a", (a) => a.getAttribute("href"));
  assert.match(link, /^\/demo\/logins\/\d+$/);

  await Promise.all([page.waitForNavigation(), page.click(".demo-inspect a")]);
  await shots.take(page, "1-inspector");
  const body = await text_of(page, "body");
  assert.match(body, /2\. The Response the SP received/);
  assert.match(body, /<saml2p:Response/);  // the decoded XML, shown as text
  // Both signatures (Response and Assertion: the demo app signs both) and what each covers.
  const covers = await page.$$eval("table tr td:nth-child(4) code", (cs) => cs.map((c) => c.innerText));
  assert.ok(covers.some((c) => c.includes("Response")), covers.join());
  assert.ok(covers.some((c) => c.includes("Assertion")), covers.join());
  assert.ok((await page.$$(".signed")).length > 0, "signed regions are highlighted");
  const checks = await page.$$eval("tr.check", (rows) => rows.map((r) => [r.cells[1].innerText, r.cells[2].innerText]));
  assert.ok(checks.length >= 5, `the trace has the pipeline's checks: ${JSON.stringify(checks)}`);
  assert.ok(checks.every(([, status]) => status !== "failed"), JSON.stringify(checks));
  assert.match(await text_of(page, ".verdict"), /Accepted: every check passed/);
  assert.match(body, /6\. The account decision[\s\S]*signed in[\s\S]*alice@acme\.test[\s\S]*Admin/);

  // While the IdP session lives, a new SP login needs no password ...
  await page.goto(`${stack.sp}/sso/acme/login`);
  await back_on(page, `${stack.sp}/app`);
  // ... "Sign out everywhere" ends it by Single Logout (the demo configs; assumption: Hotjar's SLO is unverified).
  await page.click("#slo");
  await back_on(page, `${stack.sp}/sso/acme/slo`);
  await shots.take(page, "1-signed-out-everywhere");
  assert.equal(await text_of(page, "h1"), "Signed out");
  await page.goto(`${stack.sp}/sso/acme/login`);
  await page.waitForSelector("#username");
  assert.ok(page.url().startsWith(stack.idp), `the IdP asks for the password again: ${page.url()}`);
  await page.browserContext().close();
});

test("exercise 2: an uninvited user; the IdP lets mallory through, the SP refuses her and says why", async () => {
  const page = await fresh_page();
  await page.goto(`${stack.sp}/sso/acme/login`);
  await idp_sign_in(page, "mallory@acme.test", stack.sp);
  assert.equal(new URL(page.url()).pathname, "/sso/acme/acs");
  await shots.take(page, "2-refusal");
  assert.equal(await text_of(page, "h1"), "Sign-in refused");
  assert.equal(await text_of(page, "#reason-code"), "login_no_membership");
  const gaps = await page.$$eval(".gap-code", (cs) => cs.map((c) => c.innerText));
  assert.deepEqual(gaps, ["invitation_required"]);

  await Promise.all([page.waitForNavigation(), page.click(".demo-inspect a")]);
  await shots.take(page, "2-inspector");
  // The response was good: the refusal is the account rules'.
  assert.match(await text_of(page, ".verdict"), /Accepted: every check passed/);
  const decision = await page.$$eval("tr.gap td", (cs) => cs.map((c) => c.innerText));
  assert.equal(decision[0], "invitation_required");
  assert.match(decision[1], /no just-in-time provisioning/);
  assert.match(await text_of(page, "body"), /refused: login_no_membership/);
  await page.browserContext().close();
});

// The IdP's control API (idp-mock/README.md) and the SP's admin API.
async function call(url, {method = "POST", body = {}, token} = {}) {
  const headers = {"Content-Type": "application/json"};
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(url, {method, headers, body: JSON.stringify(body)});
  assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${await res.clone().text()}`);
  return res.json().catch(() => null);
}

test("exercise 3: a leaver; deactivated at the IdP, alice keeps her SP session and membership", async () => {
  const page = await fresh_page();
  await page.goto(`${stack.sp}/sso/acme/login`);
  await idp_sign_in(page, "alice@acme.test", stack.sp);
  assert.equal(await text_of(page, "#role"), "Admin");

  // Okta deactivates her ...
  await call(`${stack.idp}/api/v1/users/alice@acme.test/lifecycle/deactivate`);
  // ... and the SP hears nothing: the harness's observer tells it what the IdP did (it changes nothing).
  const seen = await call(`${stack.sp}/api/orgs/acme/idp-events`,
                          {token: "carol-admin-token-0123456789abcdef", body: {kind: "deactivated", email: "alice@acme.test"}});
  assert.deepEqual(seen.gaps, ["orphaned_membership_after_idp_deactivation", "session_outlives_idp_deactivation"]);

  await page.reload();
  await shots.take(page, "3-still-signed-in");
  assert.equal(await text_of(page, "#email"), "alice@acme.test");
  assert.equal(await text_of(page, "#role"), "Admin");
  assert.deepEqual(await page.$$eval(".gap-code", (cs) => cs.map((c) => c.innerText)), ["session_outlives_idp_deactivation"]);

  // A new login stops at the IdP: Okta no longer signs her in.
  const again = await fresh_page();
  await again.goto(`${stack.sp}/sso/acme/login`);
  await again.waitForSelector("#username");
  await fill(again, {"#username": "alice@acme.test", "#password": "demo"});
  await Promise.all([again.waitForNavigation(), again.click("#okta-signin-submit")]);
  await shots.take(again, "3-idp-refuses");
  assert.ok(again.url().startsWith(stack.idp), again.url());
  assert.match(await text_of(again, "body"), /Unable to sign in/i);
  await again.browserContext().close();
  await page.browserContext().close();
});

const kLogin = "<script>window.__pwned='nameid'</script>x@acme.test";
const kFirst = "<img src=x onerror=\"window.__pwned='attr'\">";
const kLast = "\"><svg onload=alert('attr')>";
const kRelay = "/app/<script>window.__pwned='relay'</script>";

async function idp(method, p, body) {
  const res = await fetch(`${stack.idp}/api/v1${p}`, {method, headers: {"Content-Type": "application/json"},
                                                     body: body === undefined ? undefined : JSON.stringify(body)});
  assert.ok(res.status < 300, `${method} ${p}: ${res.status} ${await res.text()}`);
}

// No element, handler or script came from the message, and nothing ran.
async function assert_inert(page, where) {
  assert.equal(await page.evaluate(() => typeof window.__pwned), "undefined", `${where}: a script ran`);
  assert.deepEqual(page.dialogs, [], `${where}: a dialog opened`);
  const planted = await page.evaluate(() => document.querySelectorAll("script, img, svg, [onerror], [onload]").length);
  assert.equal(planted, 0, `${where}: markup from the message became elements`);
}

test("markup in the NameID, attribute values and RelayState is shown as text and never runs", async () => {
  await idp("POST", "/users", {login: kLogin, firstName: kFirst, lastName: kLast, password: "demo"});
  await idp("PUT", `/apps/hotjar/users/${encodeURIComponent(kLogin)}`);

  const page = await fresh_page();
  await page.goto(`${stack.sp}/sso/acme/login?RelayState=${encodeURIComponent(kRelay)}`);
  await idp_sign_in(page, kLogin, stack.sp, {on_post_page: async () => {
    await shots.take(page, "xss-idp-posts");
    await assert_inert(page, "the IdP's page of what it posts");
    assert.ok((await text_of(page, ".posted-xml")).includes("x@acme.test"));
  }});
  await shots.take(page, "xss-refusal");
  await assert_inert(page, "the refusal page");

  await Promise.all([page.waitForNavigation(), page.click(".demo-inspect a")]);
  await shots.take(page, "xss-inspector");
  await assert_inert(page, "the inspector");
  assert.match(await text_of(page, ".verdict"), /Accepted: every check passed/);
  const shown = await text_of(page, "body");
  for (const hostile of [kLogin, kFirst, kLast, kRelay]) assert.ok(shown.includes(hostile), `shown as text: ${hostile}`);

  await page.goto(`${stack.sp}/demo/logins`);
  await shots.take(page, "xss-logins");
  await assert_inert(page, "the list of logins");
  assert.ok((await text_of(page, "body")).includes(kLogin));
});

test("the pages a class sees: one stylesheet from the SP, the title said once, the SP metadata on a viewer page", async () => {
  const page = await fresh_page();
  const styled = async () => {
    assert.deepEqual(await page.evaluate(() => [...document.styleSheets].map((s) => s.href)), [`${stack.sp}/assets/sp.css`]);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontSize), "20px");  // the stylesheet applied
  };
  await page.goto(`${stack.sp}/`);
  await shots.take(page, "pages-index");
  assert.equal(await page.title(), "Organizations - Hotjar-shaped SP (saml-harness)");
  await styled();

  await Promise.all([page.waitForNavigation(), page.click('a[href="/sso/acme/metadata/view"]')]);
  await shots.take(page, "pages-metadata");
  await styled();
  const xml = await text_of(page, ".xml");
  assert.match(xml, new RegExp(`EntityDescriptor[^>]*entityID="${stack.sp}/sso/acme/metadata"`));
  assert.match(xml, new RegExp(`AssertionConsumerService[^>]*Location="${stack.sp}/sso/acme/acs"`));
  assert.ok((await page.$$(".xml .el")).length > 3, "pretty-printed: one block per element");
  // The file itself is unchanged (target mode reads it).
  const file = await fetch(`${stack.sp}/sso/acme/metadata`);
  assert.equal(file.headers.get("content-type"), "application/samlmetadata+xml");
  assert.match(await file.text(), /^<\?xml|^<md:EntityDescriptor|^<EntityDescriptor/);

  await page.goto(`${stack.sp}/demo/logins`);  // the inspector's strict CSP admits the SP's stylesheet
  await shots.take(page, "pages-logins");
  await styled();
  await page.goto(`${stack.sp}/login?org=acme`);
  await shots.take(page, "pages-password-login");
  await styled();
  await page.browserContext().close();
});
