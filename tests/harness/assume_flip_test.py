#!/usr/bin/python3
"""Flipping one assumption changes exactly the findings that depend on it.

    assume_flip_test.py HARNESS_BIN_DIR REPO_ROOT WORK_DIR

Runs the whole suite (scenarios/) once at the defaults and once per other
answer of every assumption (the SP's what-if SCIM mapping, `scim.*`, bears
only on the with_scim variants: those flips run just them, each must pass,
no finding may rest on them, and the variants' evidence must change, which
shows the answer reached the SP's SCIM settings) (`harness run --assume KEY=VALUE`), each run
exiting 0: an attack or format scenario is unaffected by an onboarding
assumption or states its expectation under it, and every lifecycle scenario
of the assumption's events states what happens under it. Then, for each
flipped run, the findings of results.json's gap_findings that differ from
the default run's must be exactly the ones the report says rest on that
assumption (gap_findings.assumptions[].findings), and gap-report.md's
"Under the flipped assumption" section must list exactly those.
"""

import json
import os
import re
import subprocess
import sys


def run(harness, root, out, assume=None, only=None):
    cmd = [os.path.join(harness, "harness"), "run", os.path.join(root, "scenarios"), "--out", out,
           "--no-progress", "--jobs", "2", "--seed", "1", "--root", root]
    if assume:
        cmd += ["--assume", assume]
    if only:
        cmd += ["--filter", only]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    if p.returncode != 0:
        raise SystemExit(f"FAIL: harness run {'--assume ' + assume if assume else ''} exited {p.returncode}: "
                         f"{last}\n{p.stderr[-2000:]}")
    with open(os.path.join(out, "results.json")) as f:
        doc = json.load(f)
    with open(os.path.join(out, "gap-report.md")) as f:
        md = f.read()
    return doc["gap_findings"], md


def findings(gap_findings):
    return {f["id"]: f for e in gap_findings["events"] for f in e["findings"]}


def changed(before, after):
    a, b = findings(before), findings(after)
    if set(a) != set(b):
        raise SystemExit(f"FAIL: the findings differ in ids: {sorted(set(a) ^ set(b))}")
    return {i for i in a if a[i] != b[i]}


def listed_under_flip(md):
    m = re.search(r"^## Under the flipped assumption\n(.*?)(?=^## )", md, re.S | re.M)
    if not m:
        return None
    return set(re.findall(r"^- `([a-z_]+\.[a-z_]+)`:", m.group(1), re.M))


# A SCIM answer no with_scim variant can show, and why (the settings-reader
# unit test, tests/harness/world/scim_settings_test.cpp, shows it reaches the SP).
EVIDENCE_SILENT = {
    "scim.reactivation=read_only": "the Group Push that follows a reactivation maps the role again at once "
                                   "(rehire-with-scim lists it under unaffected_by)",
}


def evidence(out, names):
    text = {}
    for n in names:
        with open(os.path.join(out, "evidence", n, "steps.txt")) as f:
            text[n] = f.read()
    return text


def main():
    harness, root, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    base, base_md = run(harness, root, os.path.join(work, "default"))
    if listed_under_flip(base_md) is not None:
        raise SystemExit("FAIL: a run at the defaults prints an 'Under the flipped assumption' section")
    failures = []
    flips = 0
    with open(os.path.join(work, "default", "results.json")) as f:
        scim_variants = [r["name"] for r in json.load(f)["scenarios"] if r.get("variant") == "with_scim"]
    if len(scim_variants) < 13:
        failures.append(f"only {len(scim_variants)} with_scim variants ran at the defaults")
    base_evidence = evidence(os.path.join(work, "default"), scim_variants)
    for a in base["assumptions"]:
        depends = set(a["findings"])
        if a["key"].startswith("scim."):
            if depends:
                failures.append(f"{a['key']}: findings rest on a what-if SCIM setting: {sorted(depends)}")
            for v in a["values"]:
                if v["value"] == a["default"]:
                    continue
                flip = f"{a['key']}={v['value']}"
                out = os.path.join(work, flip)
                run(harness, root, out, flip, "*-with-scim")
                flips += 1
                changed_runs = [n for n, t in evidence(out, scim_variants).items() if t != base_evidence[n]]
                if not changed_runs and flip not in EVIDENCE_SILENT:
                    failures.append(f"--assume {flip}: no with_scim variant's evidence changed")
                print(f"--assume {flip}: the with_scim variants pass; evidence changed in {len(changed_runs)}")
            continue
        # The comparison can fail: the default run against itself changes nothing.
        if depends and changed(base, base) == depends:
            raise SystemExit("FAIL: the comparison cannot tell a changed finding from an unchanged one")
        for v in a["values"]:
            if v["value"] == a["default"]:
                continue
            flip = f"{a['key']}={v['value']}"
            got, md = run(harness, root, os.path.join(work, flip), flip)
            flips += 1
            diff = changed(base, got)
            if diff != depends:
                failures.append(f"--assume {flip}: changed but not said to depend: {sorted(diff - depends)}; "
                                f"said to depend but unchanged: {sorted(depends - diff)}")
            listed = listed_under_flip(md)
            if listed != depends:
                failures.append(f"--assume {flip}: gap-report.md lists {sorted(listed or [])} under the flipped "
                                f"assumption, not {sorted(depends)}")
            print(f"--assume {flip}: {len(diff)} finding(s) changed: {', '.join(sorted(diff)) or 'none'}")
    if flips < 7:
        failures.append(f"only {flips} flipped runs")
    if failures:
        raise SystemExit("FAIL:\n" + "\n".join(failures))
    print(f"assume flips: {flips} runs, each changed exactly the findings that rest on its assumption")


if __name__ == "__main__":
    main()
