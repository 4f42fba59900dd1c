#!/usr/bin/python3
"""Check every peer's command-line contract: usage and setup errors, garbage, unsigned input.

For each SP peer (and idp_peer.py where it applies):
  --help                      exit 0, usage text on stdout;
  no arguments                exit 2, one JSON object with verdict "error";
  unknown settings key        exit 2, verdict "error" (a typo never passes silently);
  bad `now`                   exit 2, verdict "error";
  missing response file       exit 2, verdict "error";
  not XML at all              exit 1, verdict "reject" (input problem, not setup);
  every signature removed     exit 1, verdict "reject" (no peer accepts an unsigned message).
Exit 1 on any mismatch.
"""

import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402

VECTORS = os.path.normpath(os.path.join(peers.HERE, "..", "vectors"))
UNSIGNED_FROM = ("responses/lasso-both-signed.xml", "responses/xmlsec1-okta-template-both-signed.xml")
SIGNATURE = re.compile(rb"<(?:ds:)?Signature[ >].*?</(?:ds:)?Signature>", re.S)


def run_raw(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, timeout=peers.PEER_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None


def main():
    started = time.monotonic()
    manifest = json.load(open(os.path.join(VECTORS, "manifest.json")))
    by_file = {v["file"]: v for v in manifest["vectors"]}
    jobs = []  # (label, peer, cmd, expected verdict or "help", expected exit)
    with tempfile.TemporaryDirectory(prefix="check-contract-") as tmp:
        v = by_file[UNSIGNED_FROM[0]]
        base = dict(idp_entity_id=v["idp_entity_id"], idp_cert=os.path.join(VECTORS, v["idp_cert"]),
                    sp_entity_id=v["sp_entity_id"], acs=v["acs"], request_id=v["request_id"], now=v["now"])
        good = peers.write_settings(os.path.join(tmp, "good.json"), **base)
        typo = peers.write_settings(os.path.join(tmp, "typo.json"), want_assertion_signed=True, **base)
        bad_now = peers.write_settings(os.path.join(tmp, "bad-now.json"), **dict(base, now="March 1st"))
        garbage = os.path.join(tmp, "garbage.xml")
        with open(garbage, "wb") as f:
            f.write(b"this is not <xml")
        unsigned = []
        for name in UNSIGNED_FROM:
            with open(os.path.join(VECTORS, name), "rb") as f:
                stripped, count = SIGNATURE.subn(b"", f.read())
            if count < 2 or b"SignatureValue" in stripped:
                print("setup: could not strip the signatures of %s" % name)
                return 2
            unsigned.append(os.path.join(tmp, "unsigned-" + os.path.basename(name)))
            with open(unsigned[-1], "wb") as f:
                f.write(stripped)
        vector = os.path.join(VECTORS, UNSIGNED_FROM[0])
        for peer in peers.SP_PEERS:
            head = peers.sp_command(peer, good, vector)[:2]
            jobs.append(("--help", peer, head + ["--help"], "help", 0))
            jobs.append(("no arguments", peer, head, "error", 2))
            jobs.append(("unknown settings key", peer, peers.sp_command(peer, typo, vector), "error", 2))
            jobs.append(("bad now", peer, peers.sp_command(peer, bad_now, vector), "error", 2))
            jobs.append(("missing response", peer, peers.sp_command(peer, good, vector + ".missing"), "error", 2))
            jobs.append(("not XML", peer, peers.sp_command(peer, good, garbage), "reject", 1))
            for path in unsigned:
                jobs.append(("unsigned " + os.path.basename(path)[9:], peer, peers.sp_command(peer, good, path),
                             "reject", 1))
        idp = [peers.PYTHON, os.path.join(peers.HERE, "idp_peer.py")]
        jobs.append(("--help", "idp_peer", idp + ["--help"], "help", 0))
        jobs.append(("no arguments", "idp_peer", idp, "error", 2))
        jobs.append(("unknown settings key", "idp_peer",
                     idp + ["--peer", "pysaml2", "--settings", typo, "-o", os.path.join(tmp, "x.xml")], "error", 2))

        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            procs = list(pool.map(lambda j: run_raw(j[2]), jobs))

    failures = 0
    for (label, peer, _, expected, code), proc in zip(jobs, procs):
        problem = None
        if proc is None:
            problem = "timed out"
        elif proc.returncode != code:
            problem = "exit %d, expected %d; stdout %r" % (proc.returncode, code, proc.stdout[-200:])
        elif expected == "help":
            if b"usage" not in proc.stdout.lower() or b"exit status" not in proc.stdout.lower():
                problem = "help text lacks usage/exit status"
        else:
            lines = [ln for ln in proc.stdout.decode("utf-8", "replace").splitlines() if ln.strip()]
            try:
                out = json.loads(lines[0]) if len(lines) == 1 else None
            except ValueError:
                out = None
            key = "status" if peer == "idp_peer" else "verdict"
            if not isinstance(out, dict) or out.get(key) != expected or not out.get("error"):
                problem = "stdout %r, expected one JSON object with %s %r and an error" % (proc.stdout[-300:],
                                                                                          key, expected)
        print("%-12s %-44s %s" % (peer, label, "ok" if problem is None else "FAIL: " + problem))
        failures += problem is not None
    print("%d passed, %d failed (%.1f s)" % (len(jobs) - failures, failures, time.monotonic() - started))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
