#!/bin/bash
# harness run --target-sp: the format and attack scenarios fired at an SP the
# harness does not own, reached only over HTTP. The SP here is our own `sp
# serve` on a free loopback port, started as a separate process, so the
# harness sees nothing but its metadata, its ACS and its oracle URL.
#
#   1. a strict SP (the default configuration, plus the attacker mallory as a
#      read-only member: the attacker needs a real account): no finding at
#      --fail-on low, lifecycle scenarios skipped with their reason (and
#      JUnit says <skipped/>), the positive controls passed;
#   2. the same without --sp-login (metadata from a file, IdP-initiated
#      logins), and without --oracle (exit 2: the oracle is required);
#   3. a weakened SP (SHA-1 allowed): weak_crypto_accepted (medium) for the
#      scenario that expects SHA-1 refused, exit 1, the finding in junit.xml;
#   4. unusable metadata: exit 2 with a message.
#
# usage: target_sp_test.sh BIN_DIR SOURCE_DIR WORK_DIR
set -u
bin=$1
src=$2
work=$3
rm -rf "$work"
mkdir -p "$work/a/b"
ln -s "$src/certs" "$work/certs"
fail() { echo "FAIL: $*"; exit 1; }

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap cleanup EXIT

# start_sp NAME [EXTRA_SSO_LINE]: an SP on a free port; sets $port. The SP's
# own "listening on" line is the proof it is ours (another process may take
# the port between free_port and the bind: then ours exits and we try again).
start_sp() {
  local name=$1 extra=${2:-} attempt pid
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # the SP trusts the harness's IdP as `harness target-info` describes it (127.0.0.2:7000)
    sed -e "s/127.0.0.1:8081/127.0.0.1:$port/g" -e "s/127.0.0.1:7000/127.0.0.2:7000/g" \
        -e "0,/- {email: carol@acme.test, role: account_owner}/s//- {email: carol@acme.test, role: account_owner}\n          - {email: mallory@acme.test, role: read_only}/" \
        "$src/sp/examples/acme.yaml" > "$work/a/b/$name.yaml"
    grep -q "mallory@acme.test, role: read_only" "$work/a/b/$name.yaml" || fail "the attacker was not added to $name.yaml"
    if [ -n "$extra" ]; then
      sed -i "0,/idp_initiated_allowed: true/s//idp_initiated_allowed: true\n          $extra/" "$work/a/b/$name.yaml"
    fi
    rm -f "$work/$name.db"
    "$bin/sp" serve --config "$work/a/b/$name.yaml" --port "$port" --db "$work/$name.db" --no-rate-limits > "$work/$name.log" 2>&1 &
    pid=$!
    pids+=($pid)
    for _ in $(seq 1 600); do
      if grep -q "listening on http://127.0.0.1:$port" "$work/$name.log" 2>/dev/null; then return 0; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && break  # alive but silent for 60 s: give up
  done
  cat "$work/$name.log"
  fail "sp $name did not start"
}

run() {  # run OUT ARGS...: the harness's exit code in $code, its output in $out
  local o=$1
  shift
  out=$("$bin/harness" run --root "$src" --out "$work/$o" --no-progress --jobs 2 "$@" 2>&1)
  code=$?
}

json_field() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# 1. strict SP, SP-initiated where the scenario says so, oracle
start_sp strict
base="http://127.0.0.1:$port"
run strict "$src/scenarios" --target-sp "$base/sso/acme/metadata" --sp-login "$base/sso/acme/login" \
  --oracle "$base/app.json" --fail-on low --sp-profile "$src/tests/harness/data/acme-sp-profile.yaml"
[ "$code" = 0 ] || { echo "$out" | tail -30; fail "strict SP: exit $code, expected 0"; }
passed=$(json_field "$work/strict/results.json" passed)
skipped=$(json_field "$work/strict/results.json" skipped)
failed=$(json_field "$work/strict/results.json" failed)
mode=$(json_field "$work/strict/results.json" mode)
[ "$mode" = target-sp ] || fail "mode is $mode"
[ "$failed" = 0 ] || fail "strict SP: $failed failed"
# every attack and format scenario that needs no SP-side setting runs (well over 150 of them)
[ "$passed" -ge 150 ] || fail "strict SP: only $passed passed"
lifecycle=$(ls "$src"/scenarios/lifecycle/*.yaml | wc -l)
[ "$skipped" -ge "$lifecycle" ] || fail "strict SP: $skipped skipped, fewer than the $lifecycle lifecycle scenarios"
grep -q '<skipped message="lifecycle scenarios drive' "$work/strict/junit.xml" || fail "junit.xml has no <skipped/>"
echo "$out" | tail -n 1 | grep -qx "scenarios: $passed passed, 0 failed, $skipped skipped" ||
  fail "last line: $(echo "$out" | tail -n 1)"
findings=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len([f for f in d["security_findings"] if f["severity"] != "info"]), sum(c["passed"] for c in d["controls"]), d["schema_version"])' "$work/strict/results.json")
# controls: the logged-out browser, then each identity SP- and IdP-initiated (the profile allows both)
[ "$findings" = "0 5 2" ] || fail "strict SP: findings above info, controls passed, schema: $findings (expected 0 5 2)"
[ -f "$work/strict/target-report.md" ] || fail "no target-report.md"
[ ! -e "$work/strict/gap-report.md" ] || fail "target mode wrote gap-report.md"
# a replayed response is judged from another browser: refused although the first login holds a session
grep -q "replayed from another browser" "$work/strict/evidence/idp-initiated-replay/steps.txt" ||
  fail "the replay was not posted from a second browser"
echo "strict SP: $passed passed, $skipped skipped"

# 2. metadata from a file, no --sp-login (IdP-initiated logins, which the profile declares allowed); then no
#    --oracle; then neither --sp-login nor a profile that allows IdP-initiated logins
curl -s "$base/sso/acme/metadata" > "$work/sp-metadata.xml" 2>/dev/null ||
  /usr/bin/python3 -c 'import sys,urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "$base/sso/acme/metadata" > "$work/sp-metadata.xml"
run plain "$src/scenarios/attacks" "$src/scenarios/formats" --target-sp "$work/sp-metadata.xml" \
  --oracle "$base/app.json" --filter "xsw*" --filter "okta-default*" --filter "sig*" --filter "pr1-*" \
  --sp-profile "$src/tests/harness/data/acme-sp-profile.yaml"
[ "$code" = 0 ] || { echo "$out" | tail -30; fail "IdP-initiated run: exit $code"; }
grep -q "IdP-initiated login at the target" "$work/plain/evidence/okta-default-both-signed/steps.txt" ||
  fail "without --sp-login the login is not IdP-initiated"
echo "IdP-initiated: $(echo "$out" | tail -n 1)"
run nooracle "$src/scenarios/formats/okta-default-both-signed.yaml" --target-sp "$work/sp-metadata.xml"
[ "$code" = 2 ] || fail "no --oracle: exit $code, expected 2"
echo "$out" | grep -q -- "--oracle is required" || fail "no --oracle: $out"
run nologin "$src/scenarios/formats/okta-default-both-signed.yaml" --target-sp "$work/sp-metadata.xml" \
  --oracle "$base/app.json"
[ "$code" = 2 ] || fail "neither --sp-login nor allow-idp-initiated: exit $code, expected 2"
echo "$out" | grep -q -- "no --sp-login was given" || fail "neither --sp-login nor allow-idp-initiated: $out"

# 3. a weakened SP: SHA-1 accepted
start_sp weak "validation: {allow_sha1: true}"
weak="http://127.0.0.1:$port"
run weak "$src/scenarios/formats/rsa-sha1-refused.yaml" "$src/scenarios/formats/okta-default-both-signed.yaml" \
  --target-sp "$weak/sso/acme/metadata" --oracle "$weak/app.json" --sp-profile "$src/tests/harness/data/acme-sp-profile.yaml"
[ "$code" = 1 ] || { echo "$out"; fail "weak SP: exit $code, expected 1"; }
echo "$out" | tail -n 1 | grep -qx "scenarios: 1 passed, 1 failed, 0 skipped" || fail "weak SP: $(echo "$out" | tail -n 1)"
grep -q 'name="rsa-sha1-refused"' "$work/weak/junit.xml" || fail "junit.xml lacks rsa-sha1-refused"
grep -q 'failure message="weak_crypto_accepted (medium): a session as mallory@acme.test' "$work/weak/junit.xml" ||
  fail "junit.xml does not show the accepted SHA-1 response"
echo "weak SP: caught (rsa-sha1-refused failed)"

# 4. unusable metadata
echo "<html>not metadata</html>" > "$work/bad.xml"
run bad "$src/scenarios/formats/okta-default-both-signed.yaml" --target-sp "$work/bad.xml" --oracle "$base/app.json"
[ "$code" = 2 ] || fail "bad metadata: exit $code, expected 2"
echo "$out" | grep -q "is not usable SP metadata" || fail "bad metadata: $out"
grep -q "is not usable SP metadata" "$work/bad/target-report.md" || fail "bad metadata: the report does not say why"
run bad "$src/scenarios/formats/okta-default-both-signed.yaml" --target-sp "$work/nope.xml" --oracle "$base/app.json"
[ "$code" = 2 ] || fail "missing metadata: exit $code, expected 2"
echo "bad metadata: exit 2"
echo "ok"
