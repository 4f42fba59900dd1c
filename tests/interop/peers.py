"""How the test drivers run a peer and check its JSON contract (test-only helper)."""

import json
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"  # Debian's python: the apt SAML packages live there
PEER_TIMEOUT_S = 60

SP_PEERS = ("python3-saml", "pysaml2", "lasso", "node-saml", "xmlsec1")
CONTRACT_KEYS = ["peer", "library", "verdict", "name_id", "name_id_format", "attributes", "error"]
VERDICT_EXIT = {"accept": 0, "reject": 1, "error": 2, "unsupported": 3}


def node_binary():
    return shutil.which("node") or shutil.which("nodejs")


def sp_command(peer, settings, response, extra=()):
    if peer in ("python3-saml", "pysaml2", "lasso"):
        return [PYTHON, os.path.join(HERE, "sp_peer.py"), "--peer", peer, "--settings", settings] + list(extra) + [response]
    if peer == "xmlsec1":
        return [PYTHON, os.path.join(HERE, "xmlsec1_peer.py"), "--peer", peer, "--settings", settings] + list(extra) + [response]
    if peer == "node-saml":
        return [node_binary() or "node", os.path.join(HERE, "node", "sp_peer.js"), "--peer", peer,
                "--settings", settings] + list(extra) + [response]
    raise ValueError("unknown peer %r" % peer)


class ContractError(Exception):
    pass


def check_contract(peer, proc):
    """Parses stdout; raises ContractError unless it is exactly one well-formed verdict object."""
    lines = [ln for ln in proc.stdout.decode("utf-8", "replace").splitlines() if ln.strip()]
    if len(lines) != 1:
        raise ContractError("expected one JSON line on stdout, got %d; stderr: %s"
                            % (len(lines), proc.stderr.decode("utf-8", "replace")[-400:]))
    try:
        out = json.loads(lines[0])
    except ValueError as e:
        raise ContractError("stdout is not JSON (%s): %r" % (e, lines[0][:200]))
    if not isinstance(out, dict) or list(out.keys()) != CONTRACT_KEYS:
        raise ContractError("keys %r, expected %r" % (list(out) if isinstance(out, dict) else out, CONTRACT_KEYS))
    if out["verdict"] not in VERDICT_EXIT:
        raise ContractError("unknown verdict %r" % out["verdict"])
    if VERDICT_EXIT[out["verdict"]] != proc.returncode:
        raise ContractError("verdict %s but exit status %d" % (out["verdict"], proc.returncode))
    if out["peer"] not in (peer, None):
        raise ContractError("peer %r, expected %r" % (out["peer"], peer))
    if out["verdict"] != "error" and not (isinstance(out["library"], str) and out["library"]):
        raise ContractError("library is missing")
    if not isinstance(out["attributes"], dict):
        raise ContractError("attributes is not an object")
    if out["verdict"] == "accept":
        if out["error"] is not None:
            raise ContractError("accept with an error %r" % out["error"])
    elif not (isinstance(out["error"], str) and out["error"]):
        raise ContractError("%s without an error message" % out["verdict"])
    return out


def run(cmd, peer):
    """Runs a peer command; returns (parsed JSON or None, problem string or None)."""
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=PEER_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, "timed out after %ds" % PEER_TIMEOUT_S
    except OSError as e:
        return None, "cannot run %s: %s" % (cmd[0], e)
    try:
        return check_contract(peer, proc), None
    except ContractError as e:
        return None, "contract: %s" % e


def write_settings(path, **settings):
    with open(path, "w") as f:
        json.dump(settings, f, indent=1)
    return path
