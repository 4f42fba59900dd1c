#!/bin/sh
# Issue 18: `harness run` stops early and says why. Usage: cli_errors_test.sh HARNESS DATA_DIR OUT_DIR
# - a run replaces the reports of the run before, also when it stops (exit 2):
#   junit.xml then holds each invalid file as an <error> testcase and
#   results.json says why it stopped; no half-written file is left;
# - --filter matches a path relative to the scenario directory; one that
#   matches nothing stops the run with the nearest names;
# - a failed expectation points at its key's line and says the reason the
#   login got, and that the user does not exist.
set -u
harness=$1 data=$2 out=$3
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$out"

"$harness" run "$data/failing" --filter 'holds.y*' --out "$out" --no-progress >"$out.log" 2>&1
[ $? -eq 0 ] || fail "the relative-path filter did not select holds.yaml: $(cat "$out.log")"
grep -q 'tests="1" failures="0"' "$out/junit.xml" || fail "the green run's junit.xml: $(cat "$out/junit.xml")"

"$harness" run "$data/invalid" --out "$out" --no-progress >"$out.log" 2>&1
[ $? -eq 2 ] || fail "an invalid file did not exit 2"
grep -q '<error message="unknown key .colour.' "$out/junit.xml" || fail "junit.xml has no <error> for the invalid file: $(cat "$out/junit.xml")"
grep -q 'unknown-key.yaml' "$out/junit.xml" || fail "junit.xml does not name the invalid file"
grep -q '"stopped": "1 invalid scenario file(s): nothing ran"' "$out/results.json" || fail "results.json does not say why: $(cat "$out/results.json")"
grep -q '"line": 4' "$out/results.json" || fail "results.json does not give the line"
grep -q 'stopped before any scenario ran' "$out/gap-report.md" || fail "gap-report.md is the earlier run's"
ls "$out" | grep -q partial && fail "a .partial file was left behind"

"$harness" run "$data/failing" --filter 'xsw3-claimed' --out "$out" --no-progress >"$out.log" 2>&1
[ $? -eq 2 ] || fail "a filter matching nothing did not exit 2"
grep -q "the nearest names: xsw3-claimed-accepted, okta-defaults-accepted" "$out.log" || fail "no nearest names: $(cat "$out.log")"
grep -q 'type="usage"' "$out/junit.xml" || fail "junit.xml does not say why the run stopped"

"$harness" run "$data/failing-lines" --out "$out" --no-progress >"$out.log" 2>&1
[ $? -eq 1 ] || fail "the failing scenario did not exit 1: $(cat "$out.log")"
grep -q "line 7: outcome: expected accepted, got refused (reason idp_bad_credentials; user nobody@acme.test does not exist at the IdP)" "$out.log" \
  || fail "the failure does not point at outcome's line with the reason: $(cat "$out.log")"
echo ok
