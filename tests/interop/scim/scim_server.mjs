// A small SCIM 2.0 service provider on SCIMMY + scimmy-routers (express), for
// interop tests: idp-mock's SCIM client provisions into it, and a test reads
// the request log to assert what was sent, in which order.
//
//   node scim_server.mjs PORT [--token TOKEN] [--log FILE] [--seed FILE]
//
// PORT 0 picks a free port. Listens on 127.0.0.1 only. Prints one JSON line on
// stdout when ready: {"ready":true,"base_url":"http://127.0.0.1:N/scim/v2","token":"..."}.
// Every request (authenticated or not) is logged as one JSON line to stderr,
// or appended to --log FILE: {"seq","method","path","query","headers":{...},
// "auth":"bearer-ok"|"wrong"|"missing","status","body"|"body_raw"}. Users and
// Groups live in memory, in creation order (a stable order across pages, as
// [O20] asks of a SCIM server). SCIMMY's own filter matching is used as is:
// its `eq` compares strings case-sensitively even for userName (caseExact
// false in RFC 7643 §4.1.1); a test must send the stored spelling.
// --seed FILE holds {"Users":[...],"Groups":[...]} created at start.
// Fault injection (for a SCIM client's retries): POST /_test/fail with the
// bearer token and {"count":N,"status":S,"retry_after":SECONDS} makes the next
// N requests under /scim/v2 answer S (429 or 5xx) with a SCIM Error, and
// Retry-After when given. Those requests are logged with that status; the
// /_test route itself is not logged.
import {randomUUID} from "node:crypto";
import {appendFileSync, readFileSync} from "node:fs";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const kBasePath = "/scim/v2";
const kBodyLimit = "1mb";

function parse_args(argv) {
  const args = {port: undefined, token: "scim-test-token", log: undefined, seed: undefined};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--token" || a === "--log" || a === "--seed") {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      args[a.slice(2)] = argv[++i];
    } else if (args.port === undefined && /^\d+$/.test(a)) {
      args.port = Number(a);
    } else {
      throw new Error(`unexpected argument '${a}'`);
    }
  }
  if (args.port === undefined || args.port > 65535) throw new Error("usage: scim_server.mjs PORT [--token T] [--log FILE] [--seed FILE]");
  return args;
}

// In-memory stores keyed by id; Map keeps insertion order.
const users = new Map();
const groups = new Map();

function now_iso() { return new Date().toISOString(); }

function conflict(detail) { return new SCIMMY.Types.Error(409, "uniqueness", detail); }
function not_found(id) { return new SCIMMY.Types.Error(404, null, `Resource ${id} not found`); }

// Egress for both resource types: one resource by id, or the filtered list.
function egress_from(store) {
  return (resource) => {
    if (resource.id !== undefined) {
      const found = store.get(resource.id);
      if (!found) throw not_found(resource.id);
      return found;
    }
    const all = [...store.values()];
    return resource.filter ? resource.filter.match(all) : all;
  };
}

function degress_from(store) {
  return (resource) => {
    if (!store.delete(resource.id)) throw not_found(resource.id);
  };
}

// Ingress: create (no id) or replace (PUT, and PATCH's final write).
function ingress_from(store, unique_key, resource_type) {
  return (resource, instance) => {
    const data = JSON.parse(JSON.stringify(instance));
    const key = String(data[unique_key] ?? "").toLowerCase();
    for (const [id, other] of store) {
      if (id !== resource.id && String(other[unique_key] ?? "").toLowerCase() === key)
        throw conflict(`${unique_key} '${data[unique_key]}' is already taken`);
    }
    const existing = resource.id !== undefined ? store.get(resource.id) : undefined;
    if (resource.id !== undefined && !existing) throw not_found(resource.id);
    const id = existing ? existing.id : randomUUID();
    const created = existing ? existing.meta.created : now_iso();
    const stored = {...data, id, meta: {resourceType: resource_type, created, lastModified: now_iso()}};
    delete stored.password;  // write-only (RFC 7643 §4.1.1); never stored here
    store.set(id, stored);
    return stored;
  };
}

function declare_resources() {
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .ingress(ingress_from(users, "userName", "User"))
    .egress(egress_from(users))
    .degress(degress_from(users));
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress(ingress_from(groups, "displayName", "Group"))
    .egress(egress_from(groups))
    .degress(degress_from(groups));
}

async function seed(file) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  for (const u of doc.Users ?? []) await new SCIMMY.Resources.User().write(u);
  for (const g of doc.Groups ?? []) await new SCIMMY.Resources.Group().write(g);
}

function make_logger(file) {
  let seq = 0;
  return (entry) => {
    const line = JSON.stringify({seq: ++seq, ...entry}) + "\n";
    if (file) appendFileSync(file, line);
    else process.stderr.write(line);
  };
}

// Logs every request once its response is finished. The raw body is kept by
// the JSON parser's verify hook, so a malformed body is logged as text.
function request_logger(log, token) {
  return (req, res, next) => {
    // Taken now: the routers below rewrite req.url and cast query values.
    const path = req.path;
    const query = {...req.query};
    const auth = req.get("authorization");
    res.on("finish", () => {
      const entry = {
        method: req.method,
        path,
        query,
        headers: {
          "user-agent": req.get("user-agent") ?? null,
          "content-type": req.get("content-type") ?? null,
          "accept": req.get("accept") ?? null,
        },
        // Never the token itself: only whether it was the expected bearer.
        auth: auth === undefined ? "missing" : auth === `Bearer ${token}` ? "bearer-ok" : "wrong",
        status: res.statusCode,
      };
      if (req._scim_body_ok) entry.body = req.body;
      else if (req._scim_raw !== undefined && req._scim_raw.length) entry.body_raw = req._scim_raw;
      log(entry);
    });
    next();
  };
}

function json_parser() {
  const parse = express.json({
    type: ["application/scim+json", "application/json"],
    limit: kBodyLimit,
    verify: (req, res, buf) => { req._scim_raw = buf.toString("utf8"); },
  });
  return (req, res, next) => parse(req, res, (err) => {
    if (err) {
      res.status(400).type("application/scim+json")
        .send(new SCIMMY.Messages.Error({status: 400, scimType: "invalidSyntax", detail: "Request body is not valid JSON"}));
      return;
    }
    req._scim_body_ok = req._body === true;
    next();
  });
}

// The next `count` SCIM requests fail with `status` (see the header).
function fault_injection(token) {
  const fault = {count: 0, status: 503, retry_after: undefined};
  const control = express.Router();
  control.post("/_test/fail", express.json(), (req, res) => {
    if (req.get("authorization") !== `Bearer ${token}`) return res.status(401).end();
    const {count, status, retry_after: after} = req.body ?? {};
    if (!Number.isInteger(count) || count < 0 || count > 100 || !Number.isInteger(status) || !(status === 429 || (status >= 500 && status <= 599)) ||
        (after !== undefined && (!Number.isInteger(after) || after < 0 || after > 60)))
      return res.status(400).json({error: "count 0-100, status 429 or 5xx, retry_after 0-60"});
    Object.assign(fault, {count, status, retry_after: after});
    return res.json(fault);
  });
  const inject = (req, res, next) => {
    if (fault.count <= 0 || !req.path.startsWith(kBasePath)) return next();
    fault.count--;
    if (fault.retry_after !== undefined) res.set("Retry-After", String(fault.retry_after));
    // An Error in RFC 7644 §3.12's shape, written by hand: SCIMMY's Error
    // message takes only the statuses SCIM itself defines (not 429 or 503).
    res.status(fault.status).type("application/scim+json").send(JSON.stringify(
      {schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(fault.status), detail: "injected by /_test/fail"}));
  };
  return {control, inject};
}

async function main() {
  const args = parse_args(process.argv.slice(2));
  declare_resources();
  if (args.seed) await seed(args.seed);

  const app = express();
  app.disable("x-powered-by");
  const faults = fault_injection(args.token);
  app.use(faults.control);
  app.use(request_logger(make_logger(args.log), args.token));
  app.use(faults.inject);
  app.use(json_parser());
  app.use(kBasePath, new SCIMMYRouters({
    type: "bearer",
    handler: (req) => {
      if (req.get("authorization") !== `Bearer ${args.token}`) throw new Error("Bearer token missing or wrong");
      return "scim-client";
    },
  }));

  const server = app.listen(args.port, "127.0.0.1", () => {
    const {port} = server.address();
    process.stdout.write(JSON.stringify({ready: true, base_url: `http://127.0.0.1:${port}${kBasePath}`, token: args.token}) + "\n");
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((ex) => {
  process.stderr.write(`scim_server: ${ex.message}\n`);
  process.exit(2);
});
