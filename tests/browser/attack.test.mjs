// The README's lesson plan, exercises 4 (a tampered response) and 5 (a
// replay), in Debian's headless Chromium: idp-mock --demo, sp serve --demo
// and `harness demo` (which starts the deliberately vulnerable demo SP), the
// trainer driving attack mode's page. Each exercise runs against our SP (it
// refuses, its inspector names the check) and against the vulnerable SP (it
// accepts). Screenshots under out/browser/attack/.
import {after, before, test} from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {Shots, back_on, bin, free_port, launch_browser, new_page, repo, require_browser, start, start_stack,
  text_of} from "./lib.mjs";

require_browser();

let stack, browser, demo, vulnerable;
const shots = new Shots("attack");

before(async () => {
  stack = await start_stack({
    idp_config: path.join(repo, "idp-mock/examples/acme.yaml"),
    sp_config: path.join(repo, "sp/examples/acme.yaml"),
    idp_args: ["--demo"],
    sp_args: ["--demo"],
  });
  const v = await free_port();
  const h = await start(bin("harness"), ["demo", "--idp", stack.idp, "--sp", stack.sp, "--listen", "127.0.0.1:0",
                                         "--vulnerable-listen", `127.0.0.1:${v}`, "--idp-config",
                                         path.join(stack.work, "idp.yaml")],
                        /trainer's page (http:\/\/127\.0\.0\.1:\d+)\//);
  stack.procs.push(h.child);
  demo = h.match[1];
  vulnerable = `http://127.0.0.1:${v}`;
  browser = await launch_browser();
});

after(async () => {
  await browser?.close();
  stack?.stop();
});

// The trainer's page: pick the mutation, the victim and the target, and
// prepare the attack page.
async function prepare(page, mutation, target, step) {
  await page.goto(`${demo}/`);
  await page.select("#mutation", mutation);
  await page.select("#victim", "alice@acme.test");
  await page.select("#attacker", "mallory@acme.test");
  await page.click(`input[name=target][value=${target}]`);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  await shots.take(page, step);
  assert.ok((await page.$$("td.added")).length > 0, "the mutated response's lines are marked");
  return page.content();
}

// Clicks POST n of the attack page and waits for the SP's answer. The page
// opens each answer in a new tab for the trainer; here it stays in this one,
// and `attack_html` (the attack page as prepared) is put back for the next POST.
async function post(page, n, base, attack_html) {
  if (attack_html) await page.setContent(attack_html);
  await page.$eval(`#post-${n}`, (b) => b.form.removeAttribute("target"));
  await Promise.all([page.waitForNavigation(), page.click(`#post-${n}`)]);
  await back_on(page, base);
  return page;
}

// Our SP's refusal page links its inspector: the failed check and the reason code.
async function inspector_reason(page) {
  await Promise.all([page.waitForNavigation(), page.click(".demo-inspect a")]);
  const verdict = await text_of(page, ".verdict");
  const failed = await page.$$eval("tr.check", (rows) =>
    rows.filter((r) => r.cells[2].innerText === "failed").map((r) => r.cells[1].innerText));
  return {verdict, failed};
}

test("exercise 4: a tampered response (XSW-3) is refused by our SP and signs the attacker in as alice on the vulnerable one", async () => {
  const page = await new_page(await browser.createBrowserContext());  // no session carries over
  await page.goto(`${demo}/`);
  await shots.take(page, "4-trainer-page");
  assert.match(await text_of(page, "body"), /alice@acme\.test[\s\S]*ACTIVE/);

  await prepare(page, "xsw3", "ours", "4-attack-page-ours");
  const ours = await post(page, 1, stack.sp);
  await shots.take(ours, "4-ours-refused");
  assert.match(await text_of(ours, "h1"), /Sign-in failed/);
  const {verdict, failed} = await inspector_reason(ours);
  await shots.take(ours, "4-ours-inspector");
  assert.match(verdict, /struct_assertion_count/);
  assert.ok(failed.length >= 1, "the inspector shows the failed check");

  await prepare(page, "xsw3", "vulnerable", "4-attack-page-vulnerable");
  const theirs = await post(page, 1, vulnerable);
  await shots.take(theirs, "4-vulnerable-accepted");
  assert.match(await text_of(theirs, ".vuln-banner"), /DELIBERATELY VULNERABLE/);
  assert.equal(await text_of(theirs, "#who code"), "alice@acme.test");
  assert.deepEqual(page.dialogs, []);
  await page.browserContext().close();
});

test("exercise 5: a replay is refused by our SP the second time and accepted twice by the vulnerable one", async () => {
  const page = await new_page(await browser.createBrowserContext());
  const attack_ours = await prepare(page, "pr1_replay", "ours", "5-attack-page-ours");
  const first = await post(page, 1, stack.sp);
  await shots.take(first, "5-ours-first");
  assert.equal(new URL(first.url()).pathname, "/app");
  assert.equal(await text_of(first, "#email"), "alice@acme.test");
  const second = await post(page, 2, stack.sp, attack_ours);
  await shots.take(second, "5-ours-replayed");
  const {verdict} = await inspector_reason(second);
  await shots.take(second, "5-ours-inspector");
  assert.match(verdict, /replay_assertion/);

  const attack_vulnerable = await prepare(page, "pr1_replay", "vulnerable", "5-attack-page-vulnerable");
  assert.equal(await text_of(await post(page, 1, vulnerable), "#who code"), "alice@acme.test");
  const again = await post(page, 2, vulnerable, attack_vulnerable);
  await shots.take(again, "5-vulnerable-replayed");
  assert.equal(await text_of(again, "#who code"), "alice@acme.test");
  await page.browserContext().close();
});
