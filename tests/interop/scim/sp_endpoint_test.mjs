// The SP's what-if SCIM endpoint (issue 20; NOT a Hotjar feature, Hotjar
// offers no SCIM: okta-hotjar.md E.4) end to end: idp-mock's SCIM client
// (Okta-shaped, F.1 [O20]) provisions into `sp serve` over loopback, and the
// SP's account state is read back through its admin API. Every document the
// SP's endpoint returns to this test (resources, lists, errors, bad input
// included) is validated against SCIMMY's definitions (scim_validate.mjs).
//
//   node sp_endpoint_test.mjs SP_BINARY IDP_MOCK_BINARY REPO_ROOT
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {after, before, test} from "node:test";
import {start, start_idp, stop, tenant_yaml} from "./processes.mjs";
import assert from "node:assert/strict";
import {validate} from "./scim_validate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const [sp_bin, idp_bin, repo] = process.argv.slice(2);
const kToken = "sp-scim-token-0123456789abcdef";
const kAdmin = "carol-admin-token-0123456789abcdef";
const kApp = "hotjar";

let sp, idp, work, sp_base, idp_base, scim_base;
let validated = 0;

const sp_yaml = `accounts:
  - owner: carol@acme.test
    organizations:
      - slug: acme
        members:
          - {email: carol@acme.test, role: account_owner}
          - {email: dave@acme.test, role: admin}
        scim:
          token_file: scim.token
          group_roles: {Engineering: read_write}
admin_tokens:
  - {token: ${kAdmin}, email: carol@acme.test}
`;

const tenant = () => tenant_yaml({repo, app: kApp, scim_base, token: kToken,
  users: [["alice@acme.test", "Alice", "Anders"], ["bob@acme.test", "Bob", "Brown"], ["dave@acme.test", "Dave", "Diaz"]],
  engineering: ["alice@acme.test", "bob@acme.test"], assigned: ["alice@acme.test"]});

async function idp_api(method, p, body) {
  if (method === "POST" && body === undefined) body = {};
  const headers = body === undefined ? {} : {"Content-Type": "application/json"};
  const res = await fetch(`${idp_base}/api/v1${p}`, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  assert.ok(res.status < 300, `${method} ${p}: ${res.status}`);
  return res.status === 204 ? null : res.json();
}

// idp-mock's queue empty; every request it sent answered below 300 by the SP.
async function settle() {
  for (let i = 0; i < 300; i++) {
    const st = await idp_api("GET", "/provisioning");
    if (st.pending === 0) {
      for (const r of st.requests) assert.ok(r.status > 0 && r.status < 300, `the SP answered ${JSON.stringify(r)}`);
      return st;
    }
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error("provisioning did not settle in ~10 s");
}

async function roster() {
  const res = await fetch(`${sp_base}/api/roster/acme`, {headers: {Authorization: `Bearer ${kAdmin}`}});
  assert.equal(res.status, 200);
  const r = await res.json();
  return Object.fromEntries(r.members.map((m) => [m.email, m.role]));
}

// A request to the SP's SCIM endpoint; its answer is validated by SCIMMY.
async function scim(method, p, {body, raw, token = kToken, status} = {}) {
  const headers = {"Content-Type": "application/scim+json"};
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${scim_base}${p}`, {method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body))});
  assert.match(res.headers.get("x-scim-what-if") ?? "", /not a Hotjar feature/);
  if (status !== undefined) assert.equal(res.status, status, `${method} ${p}`);
  if (res.status === 204) return {status: 204};
  const doc = await res.json();
  const kind = validate(doc);  // throws on a violation
  validated++;
  if (res.status >= 400) assert.equal(kind, "error");
  return {status: res.status, doc};
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), "sp-scim-"));
  writeFileSync(path.join(work, "sp.yaml"), sp_yaml);
  writeFileSync(path.join(work, "scim.token"), `${kToken}\n`);
  const s = await start(sp_bin, ["serve", "--config", path.join(work, "sp.yaml"), "--port", "0", "--db", path.join(work, "sp.db"),
                                 "--sync", "normal", "--no-rate-limits"], /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  sp = s.child;
  sp_base = s.match[1];
  scim_base = `${sp_base}/scim/v2/acme`;
  ({child: idp, base: idp_base} = await start_idp(idp_bin, work, tenant()));
});

after(() => stop([idp, sp], work));

test("assignment at load: the user is created and Group Push maps Engineering to read_write", async () => {
  await settle();
  assert.deepEqual(await roster(), {"carol@acme.test": "account_owner", "dave@acme.test": "admin", "alice@acme.test": "read_write"});
  const list = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "alice@acme.test"')}`, {status: 200});
  assert.equal(list.doc.totalResults, 1);
  const groups = await scim("GET", "/Groups", {status: 200});
  assert.equal(groups.doc.Resources[0].displayName, "Engineering");
});

test("assign, profile update, deactivate, reactivate: the SP's memberships follow", async () => {
  await idp_api("PUT", `/apps/${kApp}/users/bob@acme.test`);
  await settle();
  assert.equal((await roster())["bob@acme.test"], "read_write");
  await idp_api("POST", "/users/bob@acme.test", {firstName: "Robert"});
  await settle();
  const bob = (await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "bob@acme.test"')}`, {status: 200})).doc.Resources[0];
  assert.equal(bob.name.givenName, "Robert");

  await idp_api("POST", "/users/bob@acme.test/lifecycle/deactivate");
  await settle();
  assert.equal((await roster())["bob@acme.test"], undefined);
  assert.equal((await scim("GET", `/Users/${bob.id}`, {status: 200})).doc.active, false);

  await idp_api("POST", "/users/bob@acme.test/lifecycle/activate");
  await idp_api("PUT", `/apps/${kApp}/users/bob@acme.test`);
  await settle();
  assert.equal((await roster())["bob@acme.test"], "read_write");
});

test("an existing member assigned outside the pushed group is adopted with the default role", async () => {
  await idp_api("PUT", `/apps/${kApp}/users/dave@acme.test`);
  await settle();
  assert.equal((await roster())["dave@acme.test"], "read_only");
  await idp_api("DELETE", `/apps/${kApp}/users/dave@acme.test`);
  await settle();
  assert.equal((await roster())["dave@acme.test"], undefined);
});

test("bad input: every answer is a SCIM Error SCIMMY accepts, and the SP keeps serving", async () => {
  const user = {schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "zed@acme.test"};
  assert.equal((await scim("GET", "/Users", {token: null, status: 401})).doc.status, "401");
  await scim("GET", "/Users", {token: "wrong-token-0123456789abcdef", status: 401});
  assert.equal((await scim("POST", "/Users", {raw: "{\"schemas\": [", status: 400})).doc.scimType, "invalidSyntax");
  assert.equal((await scim("POST", "/Users", {body: {...user, shoeSize: 44}, status: 400})).doc.scimType, "invalidValue");
  const long = encodeURIComponent(`userName eq "${"a".repeat(5000)}"`);
  assert.equal((await scim("GET", `/Users?filter=${long}`, {status: 400})).doc.scimType, "tooMany");
  const deep = encodeURIComponent(`${"(".repeat(40)}userName eq "x"${")".repeat(40)}`);
  assert.equal((await scim("GET", `/Users?filter=${deep}`, {status: 400})).doc.scimType, "tooMany");
  const alice = (await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "alice@acme.test"')}`)).doc.Resources[0];
  const bad_path = {schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                    Operations: [{op: "replace", value: {active: false}}, {op: "replace", path: "nosuch", value: 1}]};
  assert.equal((await scim("PATCH", `/Users/${alice.id}`, {body: bad_path, status: 400})).doc.scimType, "invalidPath");
  assert.equal((await roster())["alice@acme.test"], "read_write");  // nothing half-applied
  const page = await scim("GET", "/Users?count=1000000000", {status: 200});
  assert.ok(page.doc.itemsPerPage <= 200);
  await scim("POST", "/Users", {raw: " ".repeat(80 * 1024) + JSON.stringify(user), status: 413});
  await scim("GET", "/Users/no-such-id", {status: 404});
  const created = await scim("POST", "/Users", {body: user, status: 201});
  assert.equal(created.doc.userName, "zed@acme.test");
  await scim("POST", "/Users", {body: user, status: 409});
  assert.equal((await scim("DELETE", `/Users/${created.doc.id}`, {status: 204})).status, 204);
  assert.ok(validated >= 15, `validated ${validated}`);
});
