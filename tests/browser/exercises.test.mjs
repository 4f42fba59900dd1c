// The README's lesson plan, exercises 1-3, in Debian's headless Chromium
// against idp-mock --demo and sp serve --demo with the demo configs
// (examples/demo/): what each exercise promises the class is asserted on
// the page, and each step is a screenshot under out/browser/exercises/.
import {after, before, test} from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {Shots, back_on, idp_sign_in, launch_browser, new_page, repo, require_browser, start_stack, text_of} from "./lib.mjs";

require_browser();

const configs = {
  idp_config: path.join(repo, "idp-mock/examples/acme.yaml"),
  sp_config: path.join(repo, "sp/examples/acme.yaml"),
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
  await idp_sign_in(page, "alice@acme.test", stack.sp);
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
  await page.browserContext().close();
});
