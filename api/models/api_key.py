"""API keys: stored only as a hash, looked up by a short public prefix."""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, String, select
from sqlalchemy.orm import Mapped, mapped_column

from api.extensions import db

SCOPES = ("read", "write", "admin")
# What each scope may do: `write` includes reading the change log, `admin` everything.
GRANTS = {"read": ["read"], "write": ["read", "write"], "admin": ["read", "write", "admin"]}
KEY_PREFIX = "sbk"


def utcnow() -> datetime:
    return datetime.now(UTC)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKey(db.Model):
    __tablename__ = "api_keys"
    __table_args__ = (CheckConstraint(f"scope IN {SCOPES!r}", name="scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def scopes(self) -> list[str]:
        """`admin` can do everything `write` can, and `write` everything `read` can."""
        return GRANTS[self.scope]

    @classmethod
    def issue(cls, name: str, scope: str) -> tuple["ApiKey", str]:
        """A new key and its secret, which is returned this once and never stored."""
        prefix = secrets.token_hex(6)
        secret = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        return cls(name=name, prefix=prefix, key_hash=_digest(secret), scope=scope), secret

    @classmethod
    def verify(cls, secret: str) -> "ApiKey | None":
        """The live key `secret` belongs to, compared in constant time; None otherwise."""
        parts = secret.split("_", 2)  # the random part may itself contain "_"
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            return None
        key = db.session.scalars(select(cls).where(cls.prefix == parts[1])).one_or_none()
        if key is None or key.revoked_at is not None:
            return None
        return key if hmac.compare_digest(key.key_hash, _digest(secret)) else None
