// Self-test of the SCIMMY peer: scim_server.mjs answers a provisioning
// sequence shaped like Okta's ([O20]: look-up by userName, POST, PATCH active
// false, Group Push) over plain HTTP, every answer passes scim_validate.mjs,
// the request log records the sequence, and the validator's CLI rejects bad
// documents with exit 1. Run: node selftest.mjs (node's test runner).
import {spawn, spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {after, before, describe, test} from "node:test";
import assert from "node:assert/strict";
import {validate} from "./scim_validate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const kToken = "selftest-token";
const kUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
const kGroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";
const kPatchUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

let server;
let base;
let work;
let log_file;

function start_server() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, "scim_server.mjs"), "0", "--token", kToken, "--log", log_file],
      {stdio: ["ignore", "pipe", "inherit"]});
    let out = "";
    const timer = setTimeout(() => reject(new Error("server not ready in 20 s")), 20000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({child, ready: JSON.parse(out.slice(0, nl))});
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited early (${code})`)));
  });
}

async function scim(method, url, body, {token = kToken, raw} = {}) {
  const headers = {"User-Agent": "Okta SCIM Client 1.0.0"};
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) headers["Content-Type"] = "application/scim+json";
  const res = await fetch(`${base}${url}`, {method, headers,
    body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body)});
  const text = await res.text();
  return {status: res.status, type: res.headers.get("content-type"), doc: text.length ? JSON.parse(text) : undefined};
}

function log_entries() {
  return readFileSync(log_file, "utf8").split("\n").filter((l) => l.length).map((l) => JSON.parse(l));
}

// The server writes an entry when the response has finished, which can be
// just after the client read it: wait (bounded) for `count` entries.
async function wait_for_entries(count) {
  for (let i = 0; i < 100 && log_entries().length < count; i++) await new Promise((r) => setTimeout(r, 20));
  return log_entries();
}

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), "scim-selftest-"));
  log_file = path.join(work, "requests.jsonl");
  const started = await start_server();
  server = started.child;
  base = started.ready.base_url;
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
});

after(() => {
  server?.kill("SIGTERM");
  if (work) rmSync(work, {recursive: true, force: true});
});

describe("scim_server.mjs answers an Okta-shaped provisioning sequence", () => {
  let user_id;
  let group_id;
  let group_patch_status;
  const filter = `/Users?filter=${encodeURIComponent('userName eq "test.user@okta.local"')}&startIndex=1&count=100`;

  test("look-up of an absent user is an empty ListResponse", async () => {
    const r = await scim("GET", filter);
    assert.equal(r.status, 200);
    assert.equal(validate(r.doc), "list");
    assert.equal(r.doc.totalResults, 0);
  });

  test("POST /Users creates the user (password is write-only)", async () => {
    const r = await scim("POST", "/Users", {schemas: [kUserUrn], userName: "test.user@okta.local",
      name: {givenName: "Test", familyName: "User"}, emails: [{primary: true, value: "test.user@okta.local", type: "work"}],
      displayName: "Test User", locale: "en-US", externalId: "00u1", groups: [], password: "placeholder", active: true});
    assert.equal(r.status, 201);
    assert.match(r.type, /application\/scim\+json/);
    assert.equal(validate(r.doc), "user");
    assert.equal(r.doc.password, undefined);
    user_id = r.doc.id;
  });

  test("a second POST of the same userName is a 409 uniqueness error", async () => {
    const r = await scim("POST", "/Users", {schemas: [kUserUrn], userName: "test.user@okta.local"});
    assert.equal(r.status, 409);
    assert.equal(validate(r.doc), "error");
    assert.equal(r.doc.scimType, "uniqueness");
  });

  test("the look-up now finds exactly that user", async () => {
    const r = await scim("GET", filter);
    assert.equal(validate(r.doc), "list");
    assert.equal(r.doc.totalResults, 1);
    assert.equal(r.doc.Resources[0].id, user_id);
  });

  test("PATCH replace {active:false} without a path deactivates", async () => {
    const r = await scim("PATCH", `/Users/${user_id}`, {schemas: [kPatchUrn],
      Operations: [{op: "replace", value: {active: false}}]});
    assert.equal(r.status, 200);
    assert.equal(validate(r.doc), "user");
    assert.equal(r.doc.active, false);
    const again = await scim("GET", `/Users/${user_id}`);
    assert.equal(again.doc.active, false);
  });

  test("Group Push: POST /Groups, then PATCH members remove+add", async () => {
    const created = await scim("POST", "/Groups", {schemas: [kGroupUrn], displayName: "Test SCIMv2", members: []});
    assert.equal(created.status, 201);
    assert.equal(validate(created.doc), "group");
    group_id = created.doc.id;
    const patched = await scim("PATCH", `/Groups/${group_id}`, {schemas: [kPatchUrn], Operations: [
      {op: "remove", path: 'members[value eq "not-a-member"]'},
      {op: "add", path: "members", value: [{value: user_id, display: "test.user@okta.local"}]}]});
    assert.ok([200, 204].includes(patched.status));
    group_patch_status = patched.status;
    const read = await scim("GET", `/Groups/${group_id}`);
    assert.equal(validate(read.doc), "group");
    assert.deepEqual(read.doc.members.map((m) => m.value), [user_id]);
  });

  test("a wrong bearer token is a 401 SCIM error", async () => {
    const r = await scim("GET", "/Users", undefined, {token: "wrong"});
    assert.equal(r.status, 401);
    assert.equal(validate(r.doc), "error");
  });

  test("malformed JSON is a 400 invalidSyntax error, and the server keeps serving", async () => {
    const r = await scim("POST", "/Users", undefined, {raw: "{not json"});
    assert.equal(r.status, 400);
    assert.equal(validate(r.doc), "error");
    assert.equal(r.doc.scimType, "invalidSyntax");
    const list = await scim("GET", "/Users?startIndex=1&count=100");
    assert.equal(validate(list.doc), "list");
    assert.equal(list.doc.totalResults, 1);
  });

  test("the log holds every request in order, with the User-Agent and auth outcome", async () => {
    const entries = await wait_for_entries(12);
    const seen = entries.map((e) => `${e.method} ${e.path} ${e.status} ${e.auth}`);
    assert.deepEqual(seen, [
      "GET /scim/v2/Users 200 bearer-ok",
      "POST /scim/v2/Users 201 bearer-ok",
      "POST /scim/v2/Users 409 bearer-ok",
      "GET /scim/v2/Users 200 bearer-ok",
      `PATCH /scim/v2/Users/${user_id} 200 bearer-ok`,
      `GET /scim/v2/Users/${user_id} 200 bearer-ok`,
      "POST /scim/v2/Groups 201 bearer-ok",
      `PATCH /scim/v2/Groups/${group_id} ${group_patch_status} bearer-ok`,
      `GET /scim/v2/Groups/${group_id} 200 bearer-ok`,
      "GET /scim/v2/Users 401 wrong",
      "POST /scim/v2/Users 400 bearer-ok",
      "GET /scim/v2/Users 200 bearer-ok",
    ]);
    assert.equal(entries[0].query.filter, 'userName eq "test.user@okta.local"');
    assert.equal(entries[0].query.count, "100");
    assert.equal(entries[0].headers["user-agent"], "Okta SCIM Client 1.0.0");
    assert.deepEqual(entries[4].body.Operations, [{op: "replace", value: {active: false}}]);
    assert.equal(entries[10].body_raw, "{not json");
  });
});

describe("scim_validate.mjs CLI", () => {
  function run(doc, ...args) {
    const file = path.join(work, `doc-${Math.random().toString(16).slice(2)}.json`);
    writeFileSync(file, typeof doc === "string" ? doc : JSON.stringify(doc));
    return spawnSync(process.execPath, [path.join(here, "scim_validate.mjs"), ...args, file], {encoding: "utf8"});
  }
  const user = {schemas: [kUserUrn], id: "u1", userName: "a@example.com", meta: {resourceType: "User"}};
  const error = (status, scimType) => ({schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status, scimType});

  test("a good user, error and list pass with exit 0", () => {
    for (const doc of [user, error("400", "invalidFilter"), error("409", "uniqueness"), error("400", "tooMany"),
      {schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 1, startIndex: 1, itemsPerPage: 1,
        Resources: [user]}]) {
      const r = run(doc);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^ok /);
    }
  });

  const bad = {
    "an unknown attribute": {...user, nickname2: "x"},
    "a password in a response": {...user, password: "p"},
    "a missing userName": {schemas: [kUserUrn], id: "u1", meta: {resourceType: "User"}},
    "a string boolean": {...user, active: "true"},
    "an unknown schema URN": {...user, schemas: [kUserUrn, "urn:example:x"]},
    "a numeric Error status": error(400, "invalidFilter"),
    "a scimType on a 404": error("404", "invalidFilter"),
    "an unknown scimType": error("400", "wrongness"),
    "string pagination integers": {schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: "1",
      startIndex: 1, itemsPerPage: 1, Resources: [user]},
    "an invalid list member": {schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 1,
      startIndex: 1, itemsPerPage: 1, Resources: [{...user, userName: undefined}]},
    "a PatchOp with op move": {schemas: [kPatchUrn], Operations: [{op: "move", path: "x"}]},
    "text that is not JSON": "{",
  };
  for (const [name, doc] of Object.entries(bad)) {
    test(`${name} fails with exit 1 and a reason`, () => {
      const r = run(doc);
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, /scim_validate: .+: .+/);
    });
  }

  test("--kind rejects a document of another kind", () => {
    const r = run(user, "--kind", "group");
    assert.equal(r.status, 1);
  });
});
