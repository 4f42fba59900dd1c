#!/usr/bin/python3
"""The command lines of sp, idp-mock and harness, in one style (issue 18).

    cli_style_test.py SP IDP_MOCK HARNESS SOURCE_DIR

For every command and subcommand: --version prints "<tool> (saml-harness)
<version>" and exits 0; --help names no untyped TEXT metavariable, every
option and subcommand description starts with a capital, and no default
names the source tree. Out-of-range ports give the same message in sp and
idp-mock; `sp audit --event` refuses an unknown name and lists the names.
Prints "ok" or the failures; exit 1 on any.
"""

import re
import subprocess
import sys

sp, idp, harness, source = sys.argv[1:5]
COMMANDS = [
    (sp, []), (sp, ["serve"]), (sp, ["audit"]), (sp, ["validate"]),
    (idp, []), (idp, ["serve"]), (idp, ["mint"]), (idp, ["init"]),
    (harness, []), (harness, ["run"]), (harness, ["list"]), (harness, ["explain"]),
    (harness, ["target-info"]), (harness, ["reconcile"]),
]
failures = []


def run(args):
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


# An option or subcommand line of CLI11's help: the name column, two or more
# spaces, the description.
ENTRY = re.compile(r"^  (-\S.*?|[a-z][\w-]*(?: [A-Z][\w|=/]*)?(?: \.\.\.)?)\s{2,}(\S.*)$")

for tool, sub in COMMANDS:
    name = " ".join([tool.rsplit("/", 1)[-1]] + sub)
    code, out = run([tool] + sub + ["--version"])
    tool_name = tool.rsplit("/", 1)[-1]
    if code != 0 or not re.fullmatch(re.escape(tool_name) + r" \(saml-harness\) \d+\.\d+\.\d+\n", out):
        failures.append(f"{name} --version: exit {code}, {out!r}")
    code, out = run([tool] + sub + ["--help"])
    if code != 0:
        failures.append(f"{name} --help: exit {code}")
    for line in out.splitlines():
        if re.search(r"\bTEXT\b", line):
            failures.append(f"{name} --help: untyped metavariable: {line.strip()}")
        if source in line and not line.startswith("Usage:"):  # the binary's own path may be under it
            failures.append(f"{name} --help: prints the source tree: {line.strip()}")
        m = ENTRY.match(line)
        if m and m.group(2)[0].islower():
            failures.append(f"{name} --help: not a capitalised sentence: {line.strip()}")

# One message for an out-of-range port, whichever tool reads it.
port_messages = set()
for args in ([sp, "serve", "--config", source + "/sp/examples/acme.yaml", "--port", "70000"],
             [idp, "serve", "--port", "70000"], [idp, "serve", "--port", "-1"]):
    code, out = run(args)
    m = re.search(r"a port is a whole number from 0 to 65535 \(0: any free port\), not '[^']*'", out)
    if code != 2 or not m:
        failures.append(f"{' '.join(args[1:])}: exit {code}, {out!r}")
    else:
        port_messages.add(re.sub(r"not '[^']*'", "", m.group(0)))
if len(port_messages) > 1:
    failures.append(f"the port messages differ: {port_messages}")

code, out = run([sp, "audit", "--db", "/nonexistent.db", "--event", "sso_logins"])
if code != 2 or "--event: must be one of sso_validation, sso_login" not in out:
    failures.append(f"sp audit --event sso_logins: exit {code}, {out!r}")

print("\n".join(failures) if failures else "ok")
sys.exit(1 if failures else 0)
