#!/usr/bin/python3
"""Runs `harness run --target-sp` against target SPs and lists what failed, for people to judge.

Usage: baseline.py [--root REPO] [--bin BUILD/bin] [--out DIR] [--kind KIND ...] [--with-keys] [--allow-unsolicited]
                   [--cookie-name NAME] [--accounts EMAILS] [-- EXTRA HARNESS ARGS]

For each kind it starts target_sp.py on a free port, runs the harness against
it (SP-initiated via --sp-login, judged by --oracle) into OUT/KIND/, and writes
OUT/KIND/failures.tsv: scenario, kind, catalogue rows, mutation, the expected
and actual outcome, and the SP's answer (its refusal reason, from the evidence).
It prints one summary line per kind. It judges nothing itself.
"""

import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from selftest_lib import Sp  # noqa: E402

KINDS = ("onelogin-careful", "pysaml2-careful", "lasso-careful", "naive", "lax", "accept-nothing")


def scenario_fields(path):
    """rows and mutation of a scenario file (flat YAML keys, read without a YAML library)."""
    rows, mutation = "", ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("rows:"):
                rows = line.split(":", 1)[1].strip()
            elif line.startswith("mutation:"):
                mutation = line.split(":", 1)[1].strip()
    return rows, mutation


def sp_answer(evidence_dir):
    """The first refusal body the SP answered with, or the last Location it sent, from steps.txt."""
    try:
        with open(os.path.join(evidence_dir, "steps.txt"), encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return ""
    m = re.search(r"body: (refused: [^\n]*)", text)
    if m:
        return m.group(1)[:200]
    locs = re.findall(r"location: ([^\n]*)", text)
    return ("location " + locs[-1][:120]) if locs else ""


def run_kind(kind, a, md, extra):
    out = os.path.join(a.out, kind)
    keys = []
    if a.with_keys:
        certs = os.path.join(a.root, "certs")
        keys = ["--sp-cert", os.path.join(certs, "sp.crt"), "--sp-key", os.path.join(certs, "sp.key")]
    if a.allow_unsolicited:
        keys.append("--allow-unsolicited")
    # The harness's IdP has its own host (issue 15): its POST to the ACS is
    # cross-site, so the cookie binding the request must be SameSite=None.
    keys += ["--cookie-samesite", "None"]
    with Sp(kind, md, *keys, accounts=a.accounts, cookie=a.cookie_name) as sp:
        cmd = [os.path.join(a.bin, "harness"), "run", os.path.join(a.root, "scenarios"), "--root", a.root,
               "--target-sp", sp.metadata, "--sp-login", sp.login, "--oracle", sp.oracle, "--out", out,
               "--no-progress", "--jobs", "2"] + extra
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        with open(os.path.join(a.out, kind + ".sp.log"), "w", encoding="utf-8") as f:
            f.write(sp.stderr())
    with open(os.path.join(a.out, kind + ".harness.txt"), "w", encoding="utf-8") as f:
        f.write(r.stdout + r.stderr)
    try:
        with open(os.path.join(out, "results.json"), encoding="utf-8") as f:
            res = json.load(f)
    except (OSError, ValueError):
        print("%-18s exit %d, no results.json: %s" % (kind, r.returncode, (r.stdout + r.stderr)[-300:]))
        return
    lines = ["scenario\tkind\trows\tmutation\texpected\tactual\tsp_answer"]
    for s in res["scenarios"]:
        if s["status"] != "failed":
            continue
        rows, mutation = scenario_fields(os.path.join(a.root, s["file"]))
        checks = [c for c in s.get("checks", []) if not c["passed"]]
        expected = "; ".join("%s=%s" % (c["what"], c["expected"]) for c in checks) or "-"
        actual = s["steps"][0]["outcome"] if s.get("steps") else (s.get("error") or "-")
        fields = [s["name"], s["kind"], rows, mutation, expected, actual,
                  sp_answer(os.path.join(out, s.get("evidence", "")))]
        lines.append("\t".join(f.replace("\t", "\\t") for f in fields))  # a TAB in a Location stays visible
    with open(os.path.join(out, "failures.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("%-18s exit %d: %d passed, %d failed, %d skipped (%.0f s)" % (
        kind, r.returncode, res["passed"], res["failed"], res["skipped"], res.get("seconds", 0)))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")))
    p.add_argument("--bin", help="directory of harness (default ROOT/build/bin)")
    p.add_argument("--out", default="/tmp/target-baseline")
    p.add_argument("--kind", action="append", choices=KINDS)
    p.add_argument("--cookie-name", default="sid")
    p.add_argument("--with-keys", action="store_true",
                   help="the SPs publish certs/sp.crt and decrypt with certs/sp.key (encrypted formats run)")
    p.add_argument("--allow-unsolicited", action="store_true", help="the SPs also accept IdP-initiated logins")
    p.add_argument("--accounts", default="mallory@acme.test,carol@acme.test,alice@acme.test")
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    a = p.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    a.bin = a.bin or os.path.join(a.root, "build", "bin")
    os.makedirs(a.out, exist_ok=True)
    md = os.path.join(a.out, "idp-metadata.xml")
    with open(md, "wb") as f:
        f.write(subprocess.run([os.path.join(a.bin, "harness"), "target-info", "--metadata", "--root", a.root],
                               check=True, capture_output=True, timeout=60).stdout)
    for kind in a.kind or KINDS:
        run_kind(kind, a, md, extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
