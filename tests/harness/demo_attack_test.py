#!/usr/bin/python3
"""`harness demo` attack mode end to end, on loopback.

    demo_attack_test.py BIN_DIR REPO_ROOT WORK_DIR [MUTATION...]

Starts idp-mock --demo, sp serve --demo and harness demo (which starts the
deliberately vulnerable demo SP) on free ports with copies of the acme
configurations, then, as a browser would, posts what the attack page's forms
hold to the chosen ACS, and asserts:
  - an XSW mutation is refused by our SP with its reason code and accepted by
    the vulnerable SP as the victim;
  - a replay (PR-1) is refused by ours with its reason code and accepted twice
    by the vulnerable one;
  - markup injected into the IdP's directory (a user's name, sent as an
    attribute and as the NameID) is escaped on the trainer's page, the attack
    page and idp-mock's response inspector; bad input gets a message page
    (404/400) and the server keeps serving.
With MUTATION arguments, only prints what each mutation does on both SPs.
"""

import html.parser
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse

SCRIPT = "<script>alert(1)</script>"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = dict(headers or {})
    if body is not None and "Content-Type" not in h:
        h["Content-Type"] = "application/x-www-form-urlencoded"
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read().decode("utf-8", "replace")
    out = (r.status, dict((k.lower(), v) for k, v in r.getheaders()), data)
    c.close()
    return out


class Forms(html.parser.HTMLParser):
    """The forms of a page: (action, [(name, value)]) as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append((a.get("action", ""), []))
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1][1].append((a["name"], a.get("value", "")))


def forms_of(page):
    p = Forms()
    p.feed(page)
    return [f for f in p.forms if f[0] != "/attack"]


def check(cond, what):
    if not cond:
        raise SystemExit("FAIL: " + what)
    print("ok: " + what)


class Demo:
    def __init__(self, bins, root, work):
        self.root, self.work, self.procs = root, work, []
        self.idp, self.sp, self.demo, self.vuln = free_port(), free_port(), free_port(), free_port()
        certs = os.path.join(root, "certs")

        def copy(src, dst):
            with open(os.path.join(root, src)) as f:
                text = f.read()
            text = text.replace("../../certs", certs).replace(":8081", ":%d" % self.sp)
            text = text.replace(":7000", ":%d" % self.idp).replace("port: 7000", "port: %d" % self.idp)
            with open(os.path.join(work, dst), "w") as f:
                f.write(text)
            return os.path.join(work, dst)

        idp_yaml, sp_yaml = copy("idp-mock/examples/acme.yaml", "idp.yaml"), copy("sp/examples/acme.yaml", "sp.yaml")
        db = os.path.join(work, "sp.db")
        if os.path.exists(db):
            os.remove(db)
        self.start([os.path.join(bins, "idp-mock"), "serve", "--config", idp_yaml, "--port", str(self.idp), "--demo",
                    "--seed", "1"], self.idp, "idp")
        self.start([os.path.join(bins, "sp"), "serve", "--config", sp_yaml, "--port", str(self.sp), "--db", db,
                    "--demo", "--no-rate-limits"], self.sp, "sp")
        self.start([os.path.join(bins, "harness"), "demo", "--idp", "http://127.0.0.1:%d" % self.idp, "--sp",
                    "http://127.0.0.1:%d" % self.sp, "--listen", "127.0.0.1:%d" % self.demo, "--vulnerable-listen",
                    "127.0.0.1:%d" % self.vuln, "--idp-config", idp_yaml], self.demo, "demo")

    def start(self, cmd, port, name):
        log = open(os.path.join(self.work, name + ".log"), "w")
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=self.root)
        self.procs.append(p)
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                if p.poll() is not None:
                    break
                time.sleep(0.05)
        with open(os.path.join(self.work, name + ".log")) as f:
            raise SystemExit("FAIL: %s did not start: %s" % (name, f.read()[-2000:]))

    def stop(self):
        for p in reversed(self.procs):
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()

    def attack(self, mutation, victim, target, attacker="mallory@acme.test"):
        body = urllib.parse.urlencode({"mutation": mutation, "victim": victim, "attacker": attacker,
                                       "target": target})
        return request(self.demo, "POST", "/attack", body)

    def post_forms(self, page):
        """Each POST form of an attack page, in order, to its ACS: [(status, headers, body)]."""
        out = []
        for action, fields in forms_of(page):
            u = urllib.parse.urlsplit(action)
            out.append(request(u.port, "POST", u.path, urllib.parse.urlencode(fields)))
        return out

    def vulnerable_user(self, reply):
        status, headers, _ = reply
        if status != 303 or "set-cookie" not in headers:
            return None
        cookie = headers["set-cookie"].split(";")[0]
        _, _, page = request(self.vuln, "GET", "/app", headers={"Cookie": cookie})
        m = re.search(r'<p id="who">Signed in as <code>([^<]*)</code>', page)
        return m.group(1) if m else None


def our_reason(d, reply):
    """The reason code our SP's inspector gives for the login an ACS reply links to."""
    m = re.search(r'href="/demo/logins/(\d+)"', reply[2])
    if not m:
        return None
    _, _, page = request(d.sp, "GET", "/demo/logins/" + m.group(1))
    r = re.search(r"refused: ([a-z0-9_]+)", page)
    return r.group(1) if r else None


def explore(d, mutations):
    for m in mutations:
        s, _, page = d.attack(m, "alice@acme.test", "vulnerable")
        if s != 200:
            print(m, "attack page", s)
            continue
        vuln = [d.vulnerable_user(r) for r in d.post_forms(page)]
        _, _, page = d.attack(m, "alice@acme.test", "ours")
        ours = [(r[0], our_reason(d, r)) for r in d.post_forms(page)]
        print(m, "vulnerable:", vuln, "ours:", ours)


def main():
    bins, root, work = (os.path.abspath(a) for a in sys.argv[1:4])
    os.makedirs(work, exist_ok=True)
    d = Demo(bins, root, work)
    try:
        if len(sys.argv) > 4:
            explore(d, sys.argv[4:])
            return
        # Markup in the directory: a user whose first name is script, assigned to the app.
        user = {"login": "eve@acme.test", "email": "eve@acme.test", "password": "demo", "firstName": SCRIPT,
                "lastName": "Evil"}
        s, _, _ = request(d.idp, "POST", "/api/v1/users", json.dumps(user), {"Content-Type": "application/json"})
        check(s in (200, 201), "a user with markup in her name created (%d)" % s)
        s, _, _ = request(d.idp, "PUT", "/api/v1/apps/hotjar/users/eve@acme.test", "", {"Content-Type": "application/json"})
        check(s in (200, 204), "and assigned to the app (%d)" % s)

        s, _, page = request(d.demo, "GET", "/")
        check(s == 200 and "alice@acme.test" in page, "the trainer's page lists the users")
        check(SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page,
              "the trainer's page shows the injected name as text")
        row = re.search(r"<code>alice@acme.test</code>.*?</tr>", page).group(0)
        check("ACTIVE" in row and "yes" in row and "member" in row and "Admin" in row,
              "alice: ACTIVE, assigned, a member with role Admin in the SP")
        row = re.search(r"<code>bob@acme.test</code>.*?</tr>", page).group(0)
        check("pending invitation" in row, "bob: a pending invitation")

        # XSW: the vulnerable SP signs in the victim; ours refuses, with its reason code.
        s, _, page = d.attack("xsw3", "alice@acme.test", "vulnerable")
        check(s == 200 and "XSW-3" in page and 'class="added"' in page, "the XSW-3 attack page, differences marked")
        replies = d.post_forms(page)
        check(d.vulnerable_user(replies[-1]) == "alice@acme.test",
              "XSW-3 through attack mode: the vulnerable SP signs mallory in as alice")
        s, _, page = d.attack("xsw3", "alice@acme.test", "ours")
        check(s == 200 and "/demo/logins" in page, "the attack page links our SP's inspector")
        reply = d.post_forms(page)[-1]
        reason = our_reason(d, reply)
        check(reply[0] >= 400 and reason is not None and not reason.startswith("login_"),
              "XSW-3: our SP refuses it (%d), its inspector says %s" % (reply[0], reason))

        # Replay of the victim's own response: the vulnerable SP accepts it twice; ours once, then refuses.
        s, _, page = d.attack("pr1_replay", "alice@acme.test", "vulnerable")
        replies = d.post_forms(page)
        check(len(replies) == 2 and [d.vulnerable_user(r) for r in replies] == ["alice@acme.test"] * 2,
              "PR-1 replay: the vulnerable SP accepts the same response twice")
        s, _, page = d.attack("pr1_replay", "alice@acme.test", "ours")
        first, second = d.post_forms(page)
        check(first[0] in (302, 303), "PR-1: our SP accepts the response the first time (%d)" % first[0])
        reason = our_reason(d, second)
        check(second[0] >= 400 and reason is not None and "replay" in reason,
              "PR-1: our SP refuses the replay (%d), its inspector says %s" % (second[0], reason))

        # Markup through the attack page and the IdP's inspector.
        s, _, page = d.attack("xsw1", "eve@acme.test", "ours", attacker="eve@acme.test")
        check(s == 200 and SCRIPT not in page, "the attack page shows a response carrying markup as text")
        _, _, listing = request(d.idp, "GET", "/demo/responses")
        last = re.search(r'href="/demo/responses/(\d+)"', listing).group(1)
        _, _, inspected = request(d.idp, "GET", "/demo/responses/" + last)
        check("eve@acme.test" in inspected and SCRIPT not in inspected and "&lt;script&gt;" in inspected,
              "idp-mock's inspector shows the injected name as text")

        # Bad input: a message page, and the server keeps serving.
        s, _, page = d.attack(SCRIPT, "alice@acme.test", "ours")
        check(s == 404 and "no mutation" in page and SCRIPT not in page, "an unknown mutation: 404, escaped")
        s, _, page = d.attack("xsw1", "nobody@acme.test", "ours")
        check(s == 404 and "no user" in page, "an unknown user: 404")
        s, _, page = d.attack("xsw1", "x" * 300, "ours")
        check(s == 400 and "too long" in page, "a long value: 400")
        s, _, page = d.attack("xsw1", "x" * 100000, "ours")
        check(s == 400 and "too large" in page, "a huge form: 400")
        s, _, _ = request(d.demo, "POST", "/attack", "%zz=%%%&&&")
        check(s == 400, "a form that is not a form: 400")
        check(request(d.demo, "GET", "/nothing")[0] == 404, "an unknown page: 404")
        check(request(d.demo, "GET", "/")[0] == 200, "the demo still serves")
        _, _, page = request(d.vuln, "GET", "/")
        check("DELIBERATELY VULNERABLE" in page and "no replay cache" in page, "the vulnerable SP's banner")
    finally:
        d.stop()


if __name__ == "__main__":
    main()
