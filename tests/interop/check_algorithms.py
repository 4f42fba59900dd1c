#!/usr/bin/python3
"""Prove each SP peer's algorithm support table, both ways, plus a wrong-key control.

From the Okta-shaped template vector (xmlsec1-okta-template-both-signed.xml)
this re-signs both signatures with the xmlsec1 CLI (template signing, exactly
as the vector was made) using each signature/digest pair below, with:
  - RSA: the vectors' IdP key (tests/vectors/keys/idp.key);
  - ECDSA P-256: a key and certificate generated here (test only, fixed dates);
  - wrong-key: a second RSA key whose certificate is put in KeyInfo, while the
    peer is configured with the real IdP certificate: every peer must reject.
It also re-encrypts the Assertion of lasso-encrypted-assertion-signed.xml with
other ciphers (AES-256-GCM, AES-192-CBC, RSA 1.5 key transport).
Then every peer validates every variant at the vector's `now`. Where MATRIX
says a peer supports an algorithm, it must accept; where it says it does not,
the peer must answer "unsupported" (exit 3) AND, with --no-precheck, the
library itself must reject it: so no claim in the table is taken on trust.
Exit 1 on any mismatch.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mutate  # noqa: E402
import peers  # noqa: E402
import peer_common as pc  # noqa: E402

VECTORS = os.path.normpath(os.path.join(peers.HERE, "..", "vectors"))
TEMPLATE = "responses/xmlsec1-okta-template-both-signed.xml"

VARIANTS = {
    # name: (SignatureMethod, DigestMethod, key kind)
    "rsa-sha1": ("rsa-sha1", "sha1", "rsa"),
    "rsa-sha256": ("rsa-sha256", "sha256", "rsa"),
    "rsa-sha384": ("rsa-sha384", "sha384", "rsa"),
    "rsa-sha512": ("rsa-sha512", "sha512", "rsa"),
    "ecdsa-sha256": ("ecdsa-sha256", "sha256", "ec"),
    "wrong-key": ("rsa-sha256", "sha256", "attacker"),
}

ENCRYPTED_FROM = "responses/lasso-encrypted-assertion-signed.xml"
ENC_VARIANTS = {
    # name: (data encryption, key transport)
    "enc-aes256-gcm": ("aes256-gcm", "rsa-oaep-mgf1p"),
    "enc-aes192-cbc": ("aes192-cbc", "rsa-oaep-mgf1p"),
    "enc-rsa-1_5": ("aes128-cbc", "rsa-1_5"),
}

# The documented support table (README.md): True = accepts, False = cannot.
_ALL = {"rsa-sha1": True, "rsa-sha256": True, "rsa-sha384": True, "rsa-sha512": True, "ecdsa-sha256": True,
        "enc-aes256-gcm": True, "enc-aes192-cbc": True, "enc-rsa-1_5": True}
MATRIX = {
    "python3-saml": dict(_ALL),
    "pysaml2": dict(_ALL),
    "lasso": dict(_ALL, **{"ecdsa-sha256": False}),
    "node-saml": dict(_ALL, **{"rsa-sha384": False, "ecdsa-sha256": False, "enc-aes192-cbc": False,
                               "enc-rsa-1_5": False}),
    "xmlsec1": dict(_ALL),
}


def make_cert(tmp, name, kind):
    """A self-signed test-only certificate valid 2026-01-01..2036-01-01 (covers every `now`)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1()) if kind == "ec" else rsa.generate_private_key(65537, 2048)
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "saml-harness interop - TEST ONLY"),
                         x509.NameAttribute(NameOID.COMMON_NAME, "test-only %s" % name)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(datetime.datetime(2026, 1, 1))
            .not_valid_after(datetime.datetime(2036, 1, 1))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_path, cert_path = os.path.join(tmp, name + ".key"), os.path.join(tmp, name + ".crt")
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def cert_body(path):
    with open(path) as f:
        return "".join(ln.strip() for ln in f if ln.strip() and not ln.startswith("-----"))


def resign(template, sig_alg, digest_alg, key, cert, out_path):
    """Blank both signatures, set the algorithms, sign Assertion then Response with xmlsec1."""
    xml = template
    xml = re.sub(rb'(<ds:SignatureMethod Algorithm=")[^"]*', lambda m: m.group(1) + pc.ALG[sig_alg].encode(), xml)
    xml = re.sub(rb'(<ds:DigestMethod Algorithm=")[^"]*', lambda m: m.group(1) + pc.ALG[digest_alg].encode(), xml)
    xml = re.sub(rb"(<ds:DigestValue>)[^<]*", rb"\1", xml)
    xml = re.sub(rb"(<ds:SignatureValue>)[^<]*", rb"\1", xml)
    xml = re.sub(rb"(<ds:X509Certificate>)[^<]*", lambda m: m.group(1) + cert_body(cert).encode(), xml)
    with open(out_path, "wb") as f:
        f.write(xml)
    for index in (2, 1):  # the Assertion's signature first: the Response signature covers it
        proc = subprocess.run(
            ["xmlsec1", "--sign", "--privkey-pem", key, "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
             "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
             "--node-xpath", "(//*[local-name()='Signature'])[%d]" % index, "--output", out_path, out_path],
            capture_output=True, timeout=peers.PEER_TIMEOUT_S)
        if proc.returncode != 0:
            raise SystemExit("setup: xmlsec1 --sign (%s) failed: %s" % (sig_alg, proc.stderr.decode()[-300:]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peers", default=",".join(peers.SP_PEERS), help="comma-separated SP peers")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args(argv)
    peer_list = [p for p in args.peers.split(",") if p]
    if not peer_list or any(p not in MATRIX for p in peer_list):
        ap.error("unknown peer in %s" % args.peers)
    started = time.monotonic()
    with open(os.path.join(VECTORS, "manifest.json")) as f:
        manifest = json.load(f)
    v = next(x for x in manifest["vectors"] if x["file"] == TEMPLATE)
    with open(os.path.join(VECTORS, TEMPLATE), "rb") as f:
        template = f.read()

    with tempfile.TemporaryDirectory(prefix="check-algorithms-") as tmp:
        keys = {"rsa": (os.path.join(VECTORS, "keys/idp.key"), os.path.join(VECTORS, "keys/idp.crt")),
                "ec": make_cert(tmp, "ec-idp", "ec"),
                "attacker": make_cert(tmp, "attacker", "rsa")}
        jobs = []
        for name, (sig_alg, digest_alg, kind) in VARIANTS.items():
            key, cert = keys[kind]
            response = os.path.join(tmp, name + ".xml")
            resign(template, sig_alg, digest_alg, key, cert, response)
            trusted = keys["rsa"][1] if kind == "attacker" else cert
            settings = peers.write_settings(
                os.path.join(tmp, name + ".json"), idp_entity_id=v["idp_entity_id"], idp_cert=trusted,
                sp_entity_id=v["sp_entity_id"], acs=v["acs"], request_id=v["request_id"], now=v["now"])
            for peer in peer_list:
                if kind == "attacker":
                    jobs.append((name, peer, "", peers.sp_command(peer, settings, response), "reject"))
                elif MATRIX[peer][name]:
                    jobs.append((name, peer, "", peers.sp_command(peer, settings, response), "accept"))
                else:
                    jobs.append((name, peer, "", peers.sp_command(peer, settings, response), "unsupported"))
                    jobs.append((name, peer, " (no precheck)",
                                 peers.sp_command(peer, settings, response, ["--no-precheck"]), "reject"))
        ve = next(x for x in manifest["vectors"] if x["file"] == ENCRYPTED_FROM)
        with open(os.path.join(VECTORS, ENCRYPTED_FROM), "rb") as f:
            encrypted = f.read()
        sp_key, sp_cert = os.path.join(VECTORS, ve["sp_key"]), os.path.join(VECTORS, ve["sp_cert"])
        for name, (data_alg, key_alg) in ENC_VARIANTS.items():
            response = os.path.join(tmp, name + ".xml")
            with open(response, "wb") as f:
                f.write(mutate.reencrypt(encrypted, sp_key, sp_cert, data_alg=data_alg, key_alg=key_alg))
            settings = peers.write_settings(
                os.path.join(tmp, name + ".json"), idp_entity_id=ve["idp_entity_id"],
                idp_cert=os.path.join(VECTORS, ve["idp_cert"]), sp_entity_id=ve["sp_entity_id"], acs=ve["acs"],
                request_id=ve["request_id"], now=ve["now"], sp_key=sp_key, sp_cert=sp_cert)
            for peer in peer_list:
                if MATRIX[peer][name]:
                    jobs.append((name, peer, "", peers.sp_command(peer, settings, response), "accept"))
                else:
                    jobs.append((name, peer, "", peers.sp_command(peer, settings, response), "unsupported"))
                    jobs.append((name, peer, " (no precheck)",
                                 peers.sp_command(peer, settings, response, ["--no-precheck"]), "reject"))
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            outcomes = list(pool.map(lambda j: peers.run(j[3], j[1]), jobs))

    failures = []
    print("%-14s %-34s %-12s %s" % ("variant", "peer", "expected", "got"))
    for (name, peer, note, _, expected), (out, problem) in zip(jobs, outcomes):
        got = out["verdict"] if out else "ERROR"
        ok = problem is None and got == expected
        if ok and expected == "accept" and out["name_id"] != v["expected"]["name_id"]:
            ok, problem = False, "name_id %r" % out["name_id"]
        print("%-14s %-34s %-12s %s%s" % (name, peer + note, expected, got, "" if ok else "  <-- MISMATCH"))
        if not ok:
            failures.append("%s %s%s: expected %s, got %s: %s" % (
                name, peer, note, expected, got, problem or (out and out["error"])))
    print()
    for line in failures:
        print("MISMATCH " + line)
    print("%d passed, %d failed (%d peer runs, %.1f s)" % (len(jobs) - len(failures), len(failures), len(jobs),
                                                           time.monotonic() - started))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
