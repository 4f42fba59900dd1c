// Validates SCIM 2.0 documents against SCIMMY's definitions: resources
// (SCIMMY.Schemas.User with the EnterpriseUser extension, SCIMMY.Schemas.Group),
// and messages (SCIMMY.Messages.Error, ListResponse, PatchOp). Used to check
// what the SP's SCIM endpoint returns.
//
//   node scim_validate.mjs [--kind auto|user|group|list|error|patch] [--jsonl] [FILE|-]...
//
// No FILE (or "-") reads stdin. Each input is one JSON document, or with
// --jsonl one document per non-empty line. Prints "ok <input> <kind>" per
// valid document; on the first violation prints "<input>: <kind>: <reason>"
// to stderr and exits 1. Exit 2: usage error or unreadable input.
//
// SCIMMY coerces (it drops what it does not know), so on top of its checks
// this is strict where a response must be exact: no attribute outside the
// schema definition, no write-only attribute (password) in a response, `id`
// and meta.resourceType present, ListResponse integers as JSON numbers
// ([O20] "Retrieve Users": "integers, not as strings"), Error `status` a
// string (RFC 7644 §3.12).
//
// One departure from SCIMMY 1.3.5, on purpose: SCIMMY accepts scimType
// "tooMany" only with status 413, but RFC 7644 §3.12 Table 9 defines every
// scimType for status 400, "tooMany" included. 400 + tooMany is accepted.
import {readFileSync} from "node:fs";
import {pathToFileURL} from "node:url";
import SCIMMY from "scimmy";

const kUserUrn = SCIMMY.Schemas.User.definition.id;
const kGroupUrn = SCIMMY.Schemas.Group.definition.id;
const kEnterpriseUrn = SCIMMY.Schemas.EnterpriseUser.definition.id;
const kCommon = new Set(["schemas", "id", "externalId", "meta"].map((n) => n.toLowerCase()));

SCIMMY.Schemas.User.definition.extend(SCIMMY.Schemas.EnterpriseUser.definition, false);

class Violation extends Error {}
function fail(reason) { throw new Violation(reason); }

function is_object(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

function detect_kind(doc) {
  if (!is_object(doc)) fail("document is not a JSON object");
  const schemas = doc.schemas;
  if (!Array.isArray(schemas)) fail("'schemas' is missing or not an array");
  if (schemas.includes(SCIMMY.Messages.Error.id)) return "error";
  if (schemas.includes(SCIMMY.Messages.ListResponse.id)) return "list";
  if (schemas.includes(SCIMMY.Messages.PatchOp.id)) return "patch";
  if (schemas.includes(kUserUrn)) return "user";
  if (schemas.includes(kGroupUrn)) return "group";
  fail(`no known schema URN in 'schemas': ${JSON.stringify(schemas)}`);
}

function only_keys(doc, allowed, where) {
  for (const key of Object.keys(doc)) {
    if (!allowed.includes(key)) fail(`unknown attribute '${key}' in ${where}`);
  }
}

// Every key must name an attribute (case-insensitively, RFC 7643 §2.1) of the
// SCIMMY definition, recursively into complex values; write-only or
// never-returned attributes must be absent from a response.
function check_attributes(value, attributes, where) {
  const by_name = new Map(attributes.map((a) => [a.name.toLowerCase(), a]));
  for (const [key, v] of Object.entries(value)) {
    const attr = by_name.get(key.toLowerCase());
    if (!attr) fail(`unknown attribute '${key}' in ${where}`);
    const {returned, direction} = attr.config;
    if (v !== null && (returned === false || returned === "never" || direction === "in"))
      fail(`attribute '${key}' is never returned (write-only) but is present in ${where}`);
    if (attr.type === "complex" && v !== null) {
      for (const item of Array.isArray(v) ? v : [v]) {
        if (!is_object(item)) fail(`attribute '${key}' in ${where} holds a non-object value`);
        check_attributes(item, attr.subAttributes, `${where}.${attr.name}`);
      }
    }
  }
}

function validate_resource(doc, kind) {
  const definition = kind === "user" ? SCIMMY.Schemas.User.definition : SCIMMY.Schemas.Group.definition;
  const core = definition.id;
  if (!Array.isArray(doc.schemas) || !doc.schemas.includes(core)) fail(`'schemas' must include ${core}`);
  const extensions = definition.attributes.filter((a) => a instanceof SCIMMY.Types.SchemaDefinition);
  const known = [core, ...extensions.map((e) => e.id)];
  for (const urn of doc.schemas) if (!known.includes(urn)) fail(`unknown schema URN '${urn}' in 'schemas'`);
  if (typeof doc.id !== "string" || !doc.id.length) fail("'id' is missing or empty (a response always carries it)");
  if (!is_object(doc.meta) || doc.meta.resourceType !== definition.name)
    fail(`'meta.resourceType' must be '${definition.name}'`);

  const plain = {};
  for (const [key, v] of Object.entries(doc)) {
    const ext = extensions.find((e) => e.id.toLowerCase() === key.toLowerCase());
    if (!ext) { plain[key] = v; continue; }
    if (!doc.schemas.includes(ext.id)) fail(`extension '${ext.id}' is present but not listed in 'schemas'`);
    if (!is_object(v)) fail(`extension '${ext.id}' is not an object`);
    check_attributes(v, ext.attributes.filter((a) => !kCommon.has(a.name.toLowerCase())), ext.id);
  }
  check_attributes(plain, definition.attributes.filter((a) => !(a instanceof SCIMMY.Types.SchemaDefinition)), kind);
  try {
    definition.coerce(doc, "out");
  } catch (ex) {
    fail(`SCIMMY ${definition.name} schema: ${ex.message}`);
  }
}

function validate_error(doc) {
  only_keys(doc, ["schemas", "status", "scimType", "detail"], "Error");
  if (doc.schemas.length !== 1) fail("'schemas' must hold exactly the Error URN");
  if (typeof doc.status !== "string" || !/^\d{3}$/.test(doc.status))
    fail(`'status' must be the HTTP status as a JSON string, found ${JSON.stringify(doc.status)}`);
  if (doc.scimType !== undefined && typeof doc.scimType !== "string") fail("'scimType' must be a string");
  if (doc.detail !== undefined && typeof doc.detail !== "string") fail("'detail' must be a string");
  // RFC 7644 §3.12 Table 9 pairs every scimType with 400 (see the header).
  const rfc_only = doc.status === "400" && doc.scimType === "tooMany";
  try {
    // Without `schemas`: with it SCIMMY re-throws the message as an exception.
    new SCIMMY.Messages.Error({status: Number(doc.status), detail: doc.detail,
      ...(rfc_only ? {} : {scimType: doc.scimType})});
  } catch (ex) {
    fail(`SCIMMY Error message: ${ex.message}`);
  }
}

function validate_list(doc) {
  only_keys(doc, ["schemas", "totalResults", "startIndex", "itemsPerPage", "Resources"], "ListResponse");
  for (const key of ["totalResults", "startIndex", "itemsPerPage"]) {
    if (!Number.isInteger(doc[key]) || doc[key] < 0) fail(`'${key}' must be a non-negative JSON integer`);
  }
  if (doc.startIndex < 1) fail("'startIndex' must be 1 or more (RFC 7644 §3.4.2.4)");
  if (doc.totalResults > 0 && doc.itemsPerPage > 0 && !Array.isArray(doc.Resources))
    fail("'Resources' is required when results are returned (RFC 7644 §3.4.2)");
  const resources = doc.Resources ?? [];
  if (!Array.isArray(resources)) fail("'Resources' must be an array");
  if (resources.length > doc.itemsPerPage) fail("more 'Resources' than 'itemsPerPage'");
  if (resources.length > doc.totalResults) fail("more 'Resources' than 'totalResults'");
  try {
    new SCIMMY.Messages.ListResponse(doc);
  } catch (ex) {
    fail(`SCIMMY ListResponse message: ${ex.message}`);
  }
  resources.forEach((r, i) => {
    try {
      const kind = detect_kind(r);
      if (kind !== "user" && kind !== "group") fail(`a ${kind} message is not a resource`);
      validate_resource(r, kind);
    } catch (ex) {
      if (ex instanceof Violation) fail(`Resources[${i}]: ${ex.message}`);
      throw ex;
    }
  });
}

function validate_patch(doc) {
  only_keys(doc, ["schemas", "Operations"], "PatchOp");
  (Array.isArray(doc.Operations) ? doc.Operations : []).forEach((op, i) => {
    if (is_object(op)) only_keys(op, ["op", "path", "value"], `Operations[${i}]`);
  });
  try {
    new SCIMMY.Messages.PatchOp(doc);
  } catch (ex) {
    fail(`SCIMMY PatchOp message: ${ex.message}`);
  }
}

const kValidators = {user: validate_resource, group: validate_resource, error: validate_error,
  list: validate_list, patch: validate_patch};

export function validate(doc, kind = "auto") {
  const detected = detect_kind(doc);
  if (kind !== "auto" && kind !== detected) fail(`expected a ${kind} document, found a ${detected} document`);
  kValidators[detected](doc, detected);
  return detected;
}

function read_input(name) {
  return name === "-" ? readFileSync(0, "utf8") : readFileSync(name, "utf8");
}

function main(argv) {
  let kind = "auto";
  let jsonl = false;
  const inputs = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--kind") {
      kind = argv[++i];
      if (!["auto", ...Object.keys(kValidators)].includes(kind)) throw new Error(`unknown kind '${kind}'`);
    } else if (argv[i] === "--jsonl") jsonl = true;
    else inputs.push(argv[i]);
  }
  if (!inputs.length) inputs.push("-");
  for (const input of inputs) {
    const text = read_input(input);
    const docs = jsonl ? text.split("\n").filter((l) => l.trim().length) : [text];
    docs.forEach((raw, n) => {
      const label = jsonl ? `${input}:${n + 1}` : input;
      let doc;
      try {
        doc = JSON.parse(raw);
      } catch (ex) {
        throw new Violation(`${label}: not JSON: ${ex.message}`);
      }
      try {
        process.stdout.write(`ok ${label} ${validate(doc, kind)}\n`);
      } catch (ex) {
        if (ex instanceof Violation) throw new Violation(`${label}: ${ex.message}`);
        throw ex;
      }
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (ex) {
    process.stderr.write(`scim_validate: ${ex.message}\n`);
    process.exit(ex instanceof Violation ? 1 : 2);
  }
}
