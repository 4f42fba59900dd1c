// idp-mock's SCIM 2.0 client (issue 20) against the SCIMMY peer: idp-mock
// serves a tenant whose app provisions into scim_server.mjs; the test
// changes the directory through idp-mock's control API and asserts the
// peer's resulting Users and Groups and its request log (what was sent, in
// order), and idp-mock's own provisioning log (GET /api/v1/provisioning).
//
//   node idp_client_test.mjs IDP_MOCK_BINARY REPO_ROOT
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {after, before, test} from "node:test";
import {start, start_idp, stop, tenant_yaml} from "./processes.mjs";
import assert from "node:assert/strict";

const here = path.dirname(fileURLToPath(import.meta.url));
const [idp_bin, repo] = process.argv.slice(2);
const kToken = "client-test-token";
const kApp = "hotjar";

let peer, idp, work, log_file, scim_base, idp_base;

const tenant = () => tenant_yaml({repo, app: kApp, scim_base, token: kToken,
  users: [["alice@acme.test", "Alice", "Anders"], ["bob@acme.test", "Bob", "Brown"], ["carol@acme.test", "Carol", "Chen"],
          ["dan@acme.test", "Dan", "Diaz"], ["erin@acme.test", "Erin", "Evans"]],
  engineering: ["alice@acme.test", "bob@acme.test", "carol@acme.test"], assigned: ["alice@acme.test"]});

async function api(method, p, body) {
  if (method === "POST" && body === undefined) body = {};
  const headers = body === undefined ? {} : {"Content-Type": "application/json"};
  const res = await fetch(`${idp_base}/api/v1${p}`, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  assert.ok(res.status < 300, `${method} ${p}: ${res.status} ${await res.clone().text()}`);
  return res.status === 204 ? null : res.json();
}

async function scim(p) {
  const res = await fetch(`${scim_base}${p}`, {headers: {Authorization: `Bearer ${kToken}`}});
  assert.equal(res.status, 200);
  return res.json();
}

// Waits (bounded) until idp-mock's SCIM queue is empty and the peer has
// logged every request it answered.
async function settle() {
  for (let i = 0; i < 300; i++) {
    const st = await api("GET", "/provisioning");
    if (st.pending === 0) {
      await new Promise((r) => setTimeout(r, 50));
      return st;
    }
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error("provisioning did not settle in ~10 s");
}

function peer_log() {
  return readFileSync(log_file, "utf8").split("\n").filter((l) => l.length).map((l) => JSON.parse(l));
}
let seen = 0;
// idp-mock's requests in the peer's log since the last call (the test's own
// reads of the peer are not idp-mock's: another User-Agent).
function new_requests() {
  const all = peer_log().filter((e) => e.headers["user-agent"] === "Okta SCIM Client 1.0.0");
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}
const shape = (e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/g, "{id}")}${e.query.filter ? ` ?${e.query.filter}` : ""} ${e.status}`;

// The peer fails its next `count` SCIM requests with `status` (scim_server.mjs).
async function inject(count, status, retry_after) {
  const res = await fetch(scim_base.replace(/\/scim\/v2$/, "/_test/fail"), {method: "POST",
    headers: {Authorization: `Bearer ${kToken}`, "Content-Type": "application/json"}, body: JSON.stringify({count, status, retry_after})});
  assert.equal(res.status, 200);
}

async function user(name) {
  const list = await scim(`/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`);
  return list.Resources[0];
}
async function group_members(name) {
  const list = await scim(`/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}`);
  assert.equal(list.totalResults, 1);
  return (list.Resources[0].members ?? []).map((m) => m.display).sort();
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), "scim-client-"));
  log_file = path.join(work, "peer.jsonl");
  writeFileSync(log_file, "");
  const p = await start(process.execPath, [path.join(here, "scim_server.mjs"), "0", "--token", kToken, "--log", log_file], /\{"ready".*\}\n/);
  peer = p.child;
  scim_base = JSON.parse(p.match[0]).base_url;
  ({child: idp, base: idp_base} = await start_idp(idp_bin, work, tenant()));
});

after(() => stop([idp, peer], work));

test("a user assigned in the configuration is looked up by userName, then created; Group Push creates the group", async () => {
  await settle();
  const reqs = new_requests();
  assert.deepEqual(reqs.map(shape), [
    'GET /scim/v2/Users ?userName eq "alice@acme.test" 200',
    "POST /scim/v2/Users 201",
    "POST /scim/v2/Groups 201",
  ]);
  for (const e of reqs) assert.equal(e.auth, "bearer-ok");
  const created = reqs[1].body;
  assert.equal(created.userName, "alice@acme.test");
  assert.deepEqual(created.name, {givenName: "Alice", familyName: "Anders"});
  assert.equal(created.active, true);
  assert.equal(created.emails[0].value, "alice@acme.test");
  const alice = await user("alice@acme.test");
  assert.equal(alice.active, true);
  assert.deepEqual(await group_members("Engineering"), ["alice@acme.test"]);
});

test("assigning creates; a profile change is a PUT of the whole user; Group Push adds the member", async () => {
  await api("PUT", `/apps/${kApp}/users/bob@acme.test`);
  await settle();
  assert.deepEqual(new_requests().map(shape), [
    'GET /scim/v2/Users ?userName eq "bob@acme.test" 200',
    "POST /scim/v2/Users 201",
    "PATCH /scim/v2/Groups/{id} 200",
  ]);
  await api("POST", "/users/bob@acme.test", {firstName: "Robert"});
  await settle();
  const reqs = new_requests();
  assert.deepEqual(reqs.map(shape), ["PUT /scim/v2/Users/{id} 200"]);
  assert.equal(reqs[0].body.name.givenName, "Robert");
  assert.equal(reqs[0].body.active, true);
  assert.equal((await user("bob@acme.test")).name.givenName, "Robert");
  assert.deepEqual(await group_members("Engineering"), ["alice@acme.test", "bob@acme.test"]);
});

test("deactivating the user sends active false and Group Push removes the member; reactivation sets it back", async () => {
  await api("POST", "/users/bob@acme.test/lifecycle/deactivate");
  await settle();
  let reqs = new_requests();
  assert.deepEqual(reqs.map(shape), ["PATCH /scim/v2/Users/{id} 200", "PATCH /scim/v2/Groups/{id} 200"]);
  assert.deepEqual(reqs[0].body.Operations, [{op: "replace", value: {active: false}}]);
  assert.equal((await user("bob@acme.test")).active, false);
  assert.deepEqual(await group_members("Engineering"), ["alice@acme.test"]);

  // Okta removed the assignment on deactivation [O18]: reactivate, then reassign.
  await api("POST", "/users/bob@acme.test/lifecycle/activate");
  await api("PUT", `/apps/${kApp}/users/bob@acme.test`);
  await settle();
  reqs = new_requests();
  assert.deepEqual(reqs.map(shape), [
    'GET /scim/v2/Users ?userName eq "bob@acme.test" 200',
    "PATCH /scim/v2/Users/{id} 200",
    "PATCH /scim/v2/Groups/{id} 200",
  ]);
  assert.deepEqual(reqs[1].body.Operations, [{op: "replace", value: {active: true}}]);
  assert.equal((await user("bob@acme.test")).active, true);
  assert.equal((await scim("/Users")).totalResults, 2, "reactivation creates no second user");
  assert.deepEqual(await group_members("Engineering"), ["alice@acme.test", "bob@acme.test"]);
});

test("unassigning sends active false", async () => {
  await api("DELETE", `/apps/${kApp}/users/alice@acme.test`);
  await settle();
  assert.deepEqual(new_requests().map(shape), ["PATCH /scim/v2/Users/{id} 200", "PATCH /scim/v2/Groups/{id} 200"]);
  assert.equal((await user("alice@acme.test")).active, false);
  assert.deepEqual(await group_members("Engineering"), ["bob@acme.test"]);
});

test("429 with Retry-After and 503 are retried; the peer and idp-mock both log every attempt", async () => {
  const since = (await api("GET", "/provisioning")).requests.at(-1).seq;
  await inject(1, 429, 1);
  const t0 = Date.now();
  await api("PUT", `/apps/${kApp}/users/carol@acme.test`);
  await settle();
  assert.ok(Date.now() - t0 >= 1000, "Retry-After: 1 was honoured");
  assert.deepEqual(new_requests().map(shape), [
    'GET /scim/v2/Users ?userName eq "carol@acme.test" 429',
    'GET /scim/v2/Users ?userName eq "carol@acme.test" 200',
    "POST /scim/v2/Users 201",
    "PATCH /scim/v2/Groups/{id} 200",
  ]);
  await inject(2, 503);
  await api("POST", "/users/carol@acme.test", {lastName: "Chen-Ng"});
  await settle();
  assert.deepEqual(new_requests().map(shape), ["PUT /scim/v2/Users/{id} 503", "PUT /scim/v2/Users/{id} 503", "PUT /scim/v2/Users/{id} 200"]);
  assert.equal((await user("carol@acme.test")).name.familyName, "Chen-Ng");
  const log = (await api("GET", `/provisioning?since=${since}`)).requests.filter((e) => e.method !== "");
  assert.deepEqual(log.map((e) => `${e.action} ${e.status} ${e.attempt} ${e.outcome}`), [
    "user.lookup 429 1 retry", "user.lookup 200 2 ok", "user.create 201 1 ok", "group.update 200 1 ok",
    "user.update 503 1 retry", "user.update 503 2 retry", "user.update 200 3 ok",
  ]);
  assert.match(log[0].detail, /retry in 1000 ms/);
});

test("a SCIM server that keeps failing is given up on after the bounded attempts; the IdP keeps serving", async () => {
  await api("POST", `/apps/${kApp}/settings`, {provisioning: {enabled: true, scim_connector_base_url: scim_base,
    bearer_token: kToken, create_users: true, update_user_attributes: true, deactivate_users: true, push_groups: []}});
  await inject(10, 500);
  await api("PUT", `/apps/${kApp}/users/dan@acme.test`);
  // While the client backs off, the control API answers at once.
  const t0 = Date.now();
  await api("GET", "/users");
  assert.ok(Date.now() - t0 < 1000);
  const st = await settle();
  assert.deepEqual(new_requests().map(shape), Array(4).fill('GET /scim/v2/Users ?userName eq "dan@acme.test" 500'));
  const mine = st.requests.filter((e) => e.target === "dan@acme.test");
  assert.deepEqual(mine.map((e) => e.outcome), ["retry", "retry", "retry", "failed", "failed"]);
  await inject(0, 500);
  assert.equal(await user("dan@acme.test"), undefined);
});

test("Create Users off: an assignment sends nothing; switched on, the user is created", async () => {
  await api("POST", `/apps/${kApp}/settings`, {provisioning: {create_users: false}});
  await api("PUT", `/apps/${kApp}/users/erin@acme.test`);
  const st = await settle();
  assert.deepEqual(new_requests().map(shape), []);
  assert.equal(st.requests.filter((e) => e.target === "erin@acme.test").length, 0);
  assert.equal(await user("erin@acme.test"), undefined);
  await api("POST", `/apps/${kApp}/settings`, {provisioning: {create_users: true}});
  await settle();
  assert.deepEqual(new_requests().map(shape), ['GET /scim/v2/Users ?userName eq "erin@acme.test" 200', "POST /scim/v2/Users 201"]);
  assert.equal((await user("erin@acme.test")).active, true);
});
