// The browser tests' helper (tests/browser/README.md): starts idp-mock and
// `sp serve` on free loopback ports with given configs, launches Debian's
// Chromium headless through puppeteer-core (one browser per test file), saves
// a screenshot per step under out/browser/<test file>/ at the repository
// root, and stops every process it started, on failure too.
//
// The test files read the environment ctest sets (tests/browser/CMakeLists.txt):
//   SAMLH_BIN   the folder of the built binaries (sp, idp-mock, harness)
//   SAMLH_REPO  the repository root (configs, certs, out/)
//   SAMLH_CHROMIUM  the browser (default /usr/bin/chromium)
import {spawn} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {createServer} from "node:net";
import {tmpdir} from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = process.env.SAMLH_REPO ?? path.resolve(here, "../..");
export const bin_dir = process.env.SAMLH_BIN ?? path.join(repo, "build", "bin");
export const chromium = process.env.SAMLH_CHROMIUM ?? "/usr/bin/chromium";
// ctest's SKIP_RETURN_CODE for these tests.
export const kSkip = 77;

export const bin = (name) => path.join(bin_dir, name);

// Exits with kSkip, saying why, when there is no browser to drive; a missing
// binary or module is a failure, never a skip.
export function require_browser() {
  if (!existsSync(chromium)) {
    console.log(`SKIP: no Chromium at ${chromium} (Debian's package \`chromium\`; scripts/setup installs it)`);
    process.exit(kSkip);
  }
  if (!existsSync(path.join(here, "node_modules", "puppeteer-core"))) {
    throw new Error(`${here}/node_modules is missing: run \`npm ci --no-audit --no-fund\` there (scripts/setup does)`);
  }
  for (const b of ["sp", "idp-mock"]) {
    if (!existsSync(bin(b))) throw new Error(`${bin(b)} is missing: build it first (cmake --build build)`);
  }
}

// Every child any stack started: killed on exit whatever happened.
const children = new Set();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

export function free_port() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const {port} = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts `cmd` and resolves with {child, match} at the first stdout line
// matching `re` (20 s at most); its stderr is kept for the error message.
export function start(cmd, args, re) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {stdio: ["ignore", "pipe", "pipe"]});
    children.add(child);
    child.on("exit", () => children.delete(child));
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`${cmd} not ready in 20 s: ${err}`)), 20000);
    child.stderr.on("data", (chunk) => {
      if (err.length < 4000) err += chunk;
    });
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(re);
      if (m) {
        clearTimeout(timer);
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        resolve({child, match: m});
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} ${args.join(" ")} exited early (${code}): ${err}`));
    });
  });
}

// A config with its loopback ports moved (`ports`: {"7000": 41234, ...}) and
// its relative paths (./x, ../x) made absolute against its own folder, so it
// can be written anywhere.
export function rewrite_config(file, ports) {
  const dir = path.dirname(path.resolve(file));
  let text = readFileSync(file, "utf8");
  for (const [from, to] of Object.entries(ports)) text = text.replaceAll(`127.0.0.1:${from}`, `127.0.0.1:${to}`);
  return text.replace(/(^|[\s\[,:])(\.\.?\/[^\s,\]}#]+)/gm, (_, lead, p) => lead + path.resolve(dir, p));
}

// idp-mock (`idp_config`, default port 7000) and `sp serve` (`sp_config`,
// default port 8081) on free ports, each config rewritten to the other's
// port: {idp, sp (base URLs), work, ports, stop()}. `idp_args`/`sp_args` are
// added to the commands (e.g. ["--demo"]).
export async function start_stack({idp_config, sp_config, idp_args = [], sp_args = []}) {
  const work = mkdtempSync(path.join(tmpdir(), "samlh-browser-"));
  const ports = {"7000": await free_port(), "8081": await free_port()};
  const stack = {work, ports, procs: [], stop() {
    for (const c of stack.procs) c.kill("SIGTERM");
    rmSync(work, {recursive: true, force: true});
  }};
  try {
    writeFileSync(path.join(work, "idp.yaml"), rewrite_config(idp_config, ports));
    writeFileSync(path.join(work, "sp.yaml"), rewrite_config(sp_config, ports));
    const i = await start(bin("idp-mock"), ["serve", "--config", path.join(work, "idp.yaml"), "--port",
                                            String(ports["7000"]), "--seed", "1", ...idp_args], / on (http:\/\/127\.0\.0\.1:\d+)/);
    stack.procs.push(i.child);
    stack.idp = i.match[1];
    const s = await start(bin("sp"), ["serve", "--config", path.join(work, "sp.yaml"), "--port", String(ports["8081"]),
                                      "--db", path.join(work, "sp.db"), "--sync", "normal", "--no-rate-limits", ...sp_args],
                          /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    stack.procs.push(s.child);
    stack.sp = s.match[1];
  } catch (e) {
    stack.stop();
    throw e;
  }
  return stack;
}

// Debian's Chromium, headless, 1280x720 (the projector size the pages are
// made for); --no-sandbox only when running as root (Chromium refuses
// otherwise).
export async function launch_browser() {
  const {default: puppeteer} = await import("puppeteer-core");
  const args = ["--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-dev-shm-usage"];
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  return puppeteer.launch({executablePath: chromium, headless: true, args, defaultViewport: {width: 1280, height: 720}});
}

// A page that records every dialog (alert, confirm, prompt) it meets and
// dismisses it: a test asserts `page.dialogs` stays empty where no script
// may run.
export async function new_page(browser) {
  const page = await browser.newPage();
  page.dialogs = [];
  page.on("dialog", async (d) => {
    page.dialogs.push(d.message());
    await d.dismiss();
  });
  return page;
}

// Screenshots of one test file: out/browser/<name>/NN-<step>.png, numbered
// in the order taken. The folder is emptied first.
export class Shots {
  constructor(name) {
    this.dir = path.join(repo, "out", "browser", name);
    rmSync(this.dir, {recursive: true, force: true});
    mkdirSync(this.dir, {recursive: true});
    this.n = 0;
  }
  async take(page, step) {
    const file = path.join(this.dir, `${String(++this.n).padStart(2, "0")}-${step.replace(/[^a-z0-9-]+/gi, "-")}.png`);
    await page.screenshot({path: file});
    return file;
  }
}

// The text a selector's first element shows ("" when absent).
export async function text_of(page, selector) {
  return page.$eval(selector, (e) => e.innerText).catch(() => "");
}

// Signs in at idp-mock's sign-in page (where the SP's redirect landed) with
// the login form, then waits (10 s at most) until the browser is back on a
// page of `until` (the SP's base URL) and that page has loaded: idp-mock
// answers with a form that posts itself to the SP's ACS.
export async function idp_sign_in(page, login, until, password = "demo") {
  await page.waitForSelector("#username");
  await page.type("#username", login);
  await page.type("#password", password);
  await page.click("#okta-signin-submit");
  await back_on(page, until);
}

// Waits until the page is a loaded page of `base` (10 s at most).
export async function back_on(page, base) {
  const end = Date.now() + 10000;
  while (Date.now() < end) {
    if (page.url().startsWith(base)) {
      const ready = await page.evaluate(() => document.readyState).catch(() => "");
      if (ready === "complete") return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not back on ${base} in 10 s (at ${page.url()})`);
}
