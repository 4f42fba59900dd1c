#!/usr/bin/python3
"""Drive the SP peers over the committed vectors (tests/vectors/manifest.json) and check them.

Cases, per vector and peer:
  accept      at the manifest's `now`: accept with the expected NameID, format and
              attributes. One documented exception is asserted, not skipped:
              python3-saml rejects pysaml2-encrypted-assertion-signed.xml
              ("Signature validation failed"; see tests/vectors/README.md).
  expired     at now + 1 h: reject. Not run for xmlsec1 (signature-only peer).
              By default on EXPIRED_SUBSET (every producer, both timestamp
              styles, encrypted, IdP-initiated and Response-only-signed
              shapes), which keeps the suite inside its time budget;
              --expired-all runs it on all 18.
  tampered    NameID text changed after signing (re-encrypted to the SP
              certificate for encrypted vectors): reject.
  reencrypted encrypted, assertion-signed-only vectors decrypted and encrypted
              again without an edit: accept (proves the re-encryption used by
              `tampered` is sound, so its rejection is due to the edit).

Prints a table and exits 1 on any mismatch, 2 on a setup problem.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mutate  # noqa: E402
import peers  # noqa: E402
import peer_common as pc  # noqa: E402

DEFAULT_VECTORS = os.path.normpath(os.path.join(peers.HERE, "..", "vectors"))
CASES = ("accept", "expired", "tampered", "reencrypted")
TAMPERED_NAME_ID = "mallory@acme.test"

# Time checks do not depend on the signature shape, so `expired` runs on one
# vector per producer and shape that matters for time: second vs millisecond
# timestamps, NotBefore = IssueInstant (pysaml2), times inside ciphertext,
# unsolicited flow, and an Assertion covered only by the Response signature.
EXPIRED_SUBSET = {
    "pysaml2-both-signed.xml",
    "pysaml2-encrypted-response-signed.xml",
    "lasso-both-signed-idp-initiated.xml",
    "lasso-encrypted-assertion-signed.xml",
    "samlify-template-encrypted-both-signed.xml",
    "xmlsec1-okta-template-assertion-signed.xml",
    "xmlsec1-okta-template-response-signed-idp-initiated.xml",
}

# (peer, vector file name) -> (expected verdict, text the error must contain): documented exceptions.
KNOWN_REJECTIONS = {
    ("python3-saml", "pysaml2-encrypted-assertion-signed.xml"): "Signature validation failed",
}


def load_manifest(vectors_dir):
    with open(os.path.join(vectors_dir, "manifest.json")) as f:
        manifest = json.load(f)
    for v in manifest["vectors"]:
        path = os.path.join(vectors_dir, v["file"])
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if digest != v["sha256"]:
            raise SystemExit("setup: %s does not match its manifest sha256 (vectors changed?)" % v["file"])
    return manifest


def settings_for(v, vectors_dir, now):
    def key(name):
        return os.path.join(vectors_dir, v[name]) if v.get(name) else None
    return {
        "idp_entity_id": v["idp_entity_id"],
        "idp_cert": key("idp_cert"),
        "sp_entity_id": v["sp_entity_id"],
        "acs": v["acs"],
        "request_id": v["request_id"],
        "now": now,
        "sp_key": key("sp_key"),
        "sp_cert": key("sp_cert"),
    }


def plan(manifest, vectors_dir, workdir, peer_list, cases, expired_all=False):
    """Yields jobs: (vector name, peer, case, command, expectation)."""
    jobs = []
    for v in manifest["vectors"]:
        name = os.path.basename(v["file"])
        stem = name[:-4]
        response = os.path.join(vectors_dir, v["file"])
        now = v["now"]
        later = pc.format_utc(pc.parse_rfc3339(now) + 3600)
        s_now = peers.write_settings(os.path.join(workdir, stem + ".now.json"), **settings_for(v, vectors_dir, now))
        s_later = peers.write_settings(os.path.join(workdir, stem + ".later.json"),
                                       **settings_for(v, vectors_dir, later))
        s = settings_for(v, vectors_dir, now)
        files = {}
        if "tampered" in cases:
            with open(response, "rb") as f:
                original = f.read()
            tampered = mutate.tamper_name_id(original, TAMPERED_NAME_ID, s["sp_key"], s["sp_cert"])
            files["tampered"] = os.path.join(workdir, stem + ".tampered.xml")
            with open(files["tampered"], "wb") as f:
                f.write(tampered)
        reencrypt_ok = v["encrypted"] and v["sign_mode"] == "assertion"
        if "reencrypted" in cases and reencrypt_ok:
            with open(response, "rb") as f:
                files["reencrypted"] = os.path.join(workdir, stem + ".reencrypted.xml")
                with open(files["reencrypted"], "wb") as out:
                    out.write(mutate.reencrypt(f.read(), s["sp_key"], s["sp_cert"]))
        for peer in peer_list:
            known = KNOWN_REJECTIONS.get((peer, name))
            good = ("reject", known) if known else ("accept", v["expected"])
            if "accept" in cases:
                jobs.append((name, peer, "accept", peers.sp_command(peer, s_now, response), good))
            if "expired" in cases and peer != "xmlsec1" and (expired_all or name in EXPIRED_SUBSET):
                jobs.append((name, peer, "expired", peers.sp_command(peer, s_later, response), ("reject", None)))
            if "tampered" in cases:
                jobs.append((name, peer, "tampered", peers.sp_command(peer, s_now, files["tampered"]),
                             ("reject", None)))
            if "reencrypted" in cases and reencrypt_ok:
                jobs.append((name, peer, "reencrypted", peers.sp_command(peer, s_now, files["reencrypted"]), good))
    return jobs


def judge(out, problem, expectation):
    """Returns None when the peer behaved as expected, else why not."""
    if problem:
        return problem
    verdict, detail = expectation
    if out["verdict"] != verdict:
        return "verdict %s (expected %s): %s" % (out["verdict"], verdict, out["error"])
    if verdict == "accept":
        for field in ("name_id", "name_id_format"):
            if out[field] != detail[field]:
                return "%s %r, expected %r" % (field, out[field], detail[field])
        if out["attributes"] != detail["attributes"]:
            return "attributes %r, expected %r" % (out["attributes"], detail["attributes"])
    elif detail and detail not in (out["error"] or ""):
        return "rejected for another reason: %r (documented: %r)" % (out["error"], detail)
    return None


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peers", default=",".join(peers.SP_PEERS),
                    help="comma-separated SP peers (default: all: %(default)s)")
    ap.add_argument("--cases", default=",".join(CASES), help="comma-separated cases (default: %(default)s)")
    ap.add_argument("--vectors", default=DEFAULT_VECTORS, help="vectors folder with manifest.json")
    ap.add_argument("--expired-all", action="store_true", help="run `expired` on every vector, not the subset")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel peer runs")
    args = ap.parse_args(argv)
    peer_list = [p for p in args.peers.split(",") if p]
    cases = [c for c in args.cases.split(",") if c]
    bad = [p for p in peer_list if p not in peers.SP_PEERS] + [c for c in cases if c not in CASES]
    if bad or not peer_list or not cases:
        ap.error("unknown or empty peers/cases: %s" % ", ".join(bad))
    if "node-saml" in peer_list and peers.node_binary() is None:
        print("setup: node is not installed", file=sys.stderr)
        return 2

    started = time.monotonic()
    manifest = load_manifest(args.vectors)
    with tempfile.TemporaryDirectory(prefix="check-vectors-") as workdir:
        missing = EXPIRED_SUBSET - {os.path.basename(v["file"]) for v in manifest["vectors"]}
        if missing:
            print("setup: EXPIRED_SUBSET names unknown vectors: %s" % ", ".join(sorted(missing)), file=sys.stderr)
            return 2
        jobs = plan(manifest, args.vectors, workdir, peer_list, cases, args.expired_all)
        if not jobs:
            print("setup: nothing to run", file=sys.stderr)
            return 2
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = [pool.submit(peers.run, cmd, peer) for (_, peer, _, cmd, _) in jobs]
            outcomes = [f.result() for f in futures]

    failures = []
    table = {}
    for (name, peer, case, _, expectation), (out, problem) in zip(jobs, outcomes):
        why = judge(out, problem, expectation)
        got = out["verdict"] if out else "ERROR"
        mark = {"accept": "A", "reject": "R", "unsupported": "U", "error": "E"}.get(got, "?")
        table.setdefault(name, {})[(peer, case)] = mark + ("" if why is None else "!")
        if why is not None:
            failures.append("%s %s %s: %s" % (peer, case, name, why))

    columns = [(p, c) for p in peer_list for c in cases
               if any((p, c) in row for row in table.values())]
    width = max(len(n) for n in table)
    print("A accept, R reject, U unsupported, E error; '!' = not what was expected")
    print("%-*s  %s" % (width, "vector", "  ".join("%s/%s" % (p, c[:3]) for p, c in columns)))
    for name in sorted(table):
        row = table[name]
        print("%-*s  %s" % (width, name, "  ".join(
            row.get(col, "-").center(len("%s/%s" % (col[0], col[1][:3]))) for col in columns)))
    print()
    for line in failures:
        print("MISMATCH " + line)
    passed = len(jobs) - len(failures)
    print("%d passed, %d failed (%d peer runs, %.1f s)" % (passed, len(failures), len(jobs),
                                                           time.monotonic() - started))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
