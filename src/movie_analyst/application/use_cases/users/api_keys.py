"""API keys: `ma_<key id>_<secret>`, kept as an HMAC-SHA256 digest under the server secret.

An HMAC, not a slow password hash: a key is 256 random bits, so there is nothing for a slow hash
to protect against guessing, while every request pays for the check (scrypt at a useful cost is
tens of milliseconds). A stolen database alone cannot check a guess without AUTH_SECRET either.
The key id is public: it finds the stored digest, which is then compared in constant time.
"""

import hashlib
import hmac
import re
import secrets

from movie_analyst.domain.user import StoredKey

_KEY = re.compile(r"ma_([0-9a-f]{12})_[A-Za-z0-9_-]{43}")
_NO_DIGEST = "0" * 64  # compared against when no key has the id, so both paths cost the same


class ApiKeys:
    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()

    def issue(self) -> tuple[str, StoredKey]:
        """A new key (shown once, to the person it is for) and what to store of it."""
        key_id = secrets.token_hex(6)
        key = f"ma_{key_id}_{secrets.token_urlsafe(32)}"
        return key, StoredKey(key_id=key_id, digest=self._digest(key))

    @staticmethod
    def unusable() -> StoredKey:
        """A stored key no presented key matches: random bits, not the digest of anything."""
        return StoredKey(key_id=secrets.token_hex(6), digest=secrets.token_hex(32))

    @staticmethod
    def key_id_of(key: str) -> str | None:
        """The id of a well-formed key, else None."""
        found = _KEY.fullmatch(key)
        return found.group(1) if found else None

    def matches(self, key: str, digest: str | None) -> bool:
        return hmac.compare_digest(self._digest(key), digest or _NO_DIGEST) and digest is not None

    def _digest(self, key: str) -> str:
        return hmac.new(self._secret, key.encode(), hashlib.sha256).hexdigest()
