"""Server-side state of a target SP: sessions (with pending AuthnRequest IDs) and the replay cache."""

import secrets
import threading
import time

PENDING_TTL = 600  # seconds an AuthnRequest ID stays usable
REPLAY_SKEW = 300  # seconds an assertion ID is kept past its NotOnOrAfter (the libraries' clock drift)


class ReplayCache:
    """Assertion IDs seen, each kept until its NotOnOrAfter (plus the clock skew)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._seen = {}

    def first_use(self, key, not_on_or_after):
        now = time.time()
        until = (not_on_or_after or now + 3600) + REPLAY_SKEW
        with self._lock:
            self._seen = {k: v for k, v in self._seen.items() if v > now}
            if key in self._seen:
                return False
            self._seen[key] = until
            return True


class Sessions:
    """Server-side sessions keyed by a random cookie value."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_id = {}

    def get(self, sid):
        with self._lock:
            return self._by_id.get(sid) if sid else None

    def create(self, carry=None):
        sid = secrets.token_urlsafe(24)
        with self._lock:
            self._by_id[sid] = {"pending": dict(carry or {}), "user": None}
        return sid

    def drop(self, sid):
        with self._lock:
            self._by_id.pop(sid, None)

    def add_pending(self, sid, request_id, next_path):
        with self._lock:
            now = time.time()
            pending = self._by_id[sid]["pending"]
            for rid in [r for r, (_, t) in pending.items() if now - t > PENDING_TTL]:
                del pending[rid]
            pending[request_id] = (next_path, now)

    def pending(self, sid):
        with self._lock:
            s = self._by_id.get(sid) if sid else None
            return {r: n for r, (n, _) in (s["pending"].items() if s else [])}

    def take_pending(self, sid, request_id):
        """Removes a pending request ID (one use); True when it was pending for this session."""
        with self._lock:
            s = self._by_id.get(sid) if sid else None
            return bool(s) and s["pending"].pop(request_id, None) is not None

    def login(self, old_sid, user):
        """A new session ID for the logged-in user (no session fixation); the old one is dropped."""
        with self._lock:
            old = self._by_id.pop(old_sid, None) if old_sid else None
            sid = secrets.token_urlsafe(24)
            self._by_id[sid] = {"pending": dict(old["pending"]) if old else {}, "user": user}
        return sid
