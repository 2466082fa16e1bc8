"""Web shell settings, read from the environment once at start-up.

``RADRULES_DATA_DIR`` holds the SQLite file and uploads (default ``./var``);
``RADRULES_DATABASE_URL`` selects the database (``sqlite:///relative/path``,
``sqlite:////absolute/path`` or ``postgresql://user@host:port/db``);
``RADRULES_QC_SECRET`` signs the QC QR codes (else a key generated once and kept in the
data folder, see :mod:`radrules_webshell.verify.secret`); ``RADRULES_PUBLIC_URL`` is the
address the public reaches this deployment at (for the verification address in QR codes).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

import attrs

DEFAULT_DATA_DIR = "var"
SQLITE_FILE = "radrules.sqlite3"
#: The CSRF and link-signing secret when RADRULES_SECRET is not set (see ``Settings.secret``).
WEB_SECRET_FILE = "web-secret.key"


@attrs.frozen(kw_only=True)
class Settings:
    data_dir: Path
    database_url: str
    #: Sessions idle longer than this are over (seconds).
    session_idle_seconds: int = 8 * 3600
    #: Hard limit of a session's life (seconds).
    session_max_seconds: int = 24 * 3600
    #: One login per account at a time (source 002 §2.1 4): a login ends the account's other
    #: sessions, which are told why (accounts.sessions). Off only where one process drives
    #: many logins of the same demo accounts at once (the shared test app).
    single_login: bool = True
    #: The picture check (source 002 §2.2 1) is asked for after this many failed logins
    #: counted for the login name or the address (accounts.captcha); 0: never asked.
    captcha_after_failures: int = 3
    #: How long a picture check can be answered (seconds).
    captcha_seconds: int = 300
    #: Failed logins in a row that lock an account, and for how long (seconds).
    lockout_threshold: int = 5
    lockout_seconds: int = 15 * 60
    #: Failed logins from one address within ``ip_window_seconds`` before it is refused.
    ip_failure_limit: int = 20
    ip_window_seconds: int = 15 * 60
    #: Addresses (or networks, ``10.0.0.0/8``) of reverse proxies whose ``X-Forwarded-For``
    #: names the client; from any other peer the header is ignored.
    trusted_proxies: tuple[str, ...] = ()
    #: The uploads' folder when not ``<data dir>/uploads`` (``RADRULES_UPLOAD_DIR``).
    upload_path: Path | None = None
    #: Largest accepted upload (bytes).
    max_upload_bytes: int = 10 * 1024 * 1024
    #: Secret for the CSRF cookie's signature and signed links: ``RADRULES_SECRET``, else (in
    #: :meth:`from_env`) a key generated once in the data folder, so that every process of
    #: ``serve --workers N`` — and every machine sharing the folder — accepts the others'
    #: forms (empty: that key, filled in by :func:`with_web_secret`); random per instance
    #: when built directly (tests).
    secret: str = attrs.field(factory=lambda: secrets.token_urlsafe(32))
    #: Send cookies only over HTTPS (set behind a TLS proxy in production).
    secure_cookies: bool = False
    #: argon2id cost: ``standard`` (RFC 9106 second recommendation) or ``fast`` (tests only).
    argon2_profile: str = "standard"
    #: Province whose platform this is (reviewing body, source 000 §2.1: 省级疾控).
    province: str = "32"
    #: Key that signs QC verification addresses (``RADRULES_QC_SECRET``, 16+ characters);
    #: None: the key kept in ``qc_secret_file``, generated on first use.
    qc_secret: str | None = None
    #: Key of the audit chain's HMAC (``RADRULES_AUDIT_KEY``, 16+ characters); None: the key
    #: kept in ``audit_key_file``, generated on first use. It must not be in the database.
    audit_key: str | None = None
    #: Where the signed checkpoints of the audit chain's head are appended
    #: (``RADRULES_AUDIT_CHECKPOINTS``); somewhere the database's writer cannot rewrite.
    audit_checkpoint_path: Path | None = None
    #: A checkpoint is written this often when the chain has grown (seconds; 0: only at
    #: start-up, shutdown and after each ``radrules admin`` command).
    audit_checkpoint_seconds: float = 60.0
    #: Electronic signatures (docs/signature.md): the signer by name (``server`` or a plugin's).
    signer: str = "server"
    #: Key-encryption key of the users' signing keys (``RADRULES_SIGNING_KEY``, 16+
    #: characters); None: the key kept in ``signing_key_file``. It must not be in the database.
    signing_key: str | None = None
    #: CA-certificate login through a reverse proxy (``RADRULES_CERT_LOGIN``, docs/signature.md):
    #: the authenticator by name (``proxy-header`` or a plugin's); empty: off.
    cert_login: str = ""
    #: Public address of this deployment (``https://rad.example.org``), printed in QR codes;
    #: None: the address the request came in at.
    public_url: str | None = None
    #: National sync (docs/sync.md): the transport by name (``file``, ``http`` or a plugin's).
    sync_transport: str = "file"
    #: Folder of the ``file`` transport; default ``<data dir>/national-sync``.
    sync_dir: Path | None = None
    #: Address the ``http`` transport posts to.
    sync_url: str = ""
    #: Seconds an HTTP send may take before it counts as a failure to retry.
    sync_timeout_seconds: float = 30.0
    #: Attempts of one message before it is given up (state ``failed``).
    sync_max_attempts: int = 8
    #: First retry delay (seconds); doubled after each failure, up to ``sync_backoff_max_seconds``.
    sync_backoff_seconds: float = 60.0
    sync_backoff_max_seconds: float = 6 * 3600.0
    #: How long a due attachments message waits for the stamped copies before it looks again.
    sync_attachment_wait_seconds: float = 24 * 3600.0
    #: How long a dispatcher holds a claimed message; longer than any send may take.
    sync_lease_seconds: float = 600.0
    #: The server runs the dispatcher this often (seconds); 0 turns the periodic run off.
    sync_interval_seconds: float = 300.0
    #: SMS (docs/notifications.md): the transport by name (``file``, ``log``, ``http`` or a plugin's).
    sms_transport: str = "file"
    #: Folder of the ``file`` transport; default ``<data dir>/sms``.
    sms_dir: Path | None = None
    #: Address and bearer token of the ``http`` transport's gateway.
    sms_url: str = ""
    sms_token: str = ""
    sms_timeout_seconds: float = 10.0
    #: Put before every text (gateways in China require the sender's signature in 【】).
    sms_signature: str = "【放射卫生信息平台】"
    #: Attempts of one text before it is given up; the backoff doubles from the first delay.
    sms_max_attempts: int = 6
    sms_backoff_seconds: float = 30.0
    sms_backoff_max_seconds: float = 3600.0
    #: How long a dispatcher holds a claimed text; longer than any send may take.
    sms_lease_seconds: float = 120.0
    #: The server sends due texts this often (seconds), and at once after a code is asked
    #: for; 0 turns the periodic run off.
    notify_interval_seconds: float = 60.0
    #: The periodic clean-up (expired sessions, stale login counters, orphaned upload files)
    #: runs this often (seconds; ``RADRULES_CLEANUP_INTERVAL``); 0 turns it off.
    cleanup_interval_seconds: float = 3600.0
    #: The sittings past their deadline are closed and scored this often (seconds;
    #: ``RADRULES_EXAM_CLOSE_INTERVAL``); 0 turns it off (then they are scored when next read).
    exam_close_interval_seconds: float = 60.0
    #: The daily summaries of the day before are sent from this hour on (Beijing time).
    sms_digest_hour: int = 8
    #: A verification code: valid this long, at most one per mobile and purpose this often,
    #: at most so many per mobile and day, at most so many wrong tries.
    sms_code_seconds: int = 300
    sms_code_interval_seconds: int = 60
    sms_code_daily_limit: int = 10
    sms_code_max_attempts: int = 5
    #: The daily evaluation of every register's warnings (issue 16): each process checks
    #: this often (seconds; 0 turns it off) whether today's run, due from ``warnings_hour``
    #: (Beijing), is still to do; one process claims it for ``warnings_lease_seconds``.
    warnings_interval_seconds: float = 600.0
    warnings_hour: int = 1
    warnings_lease_seconds: float = 1800.0
    #: Evaluate a unit's register again after each write its own accounts make.
    warnings_on_change: bool = True

    @property
    def upload_dir(self) -> Path:
        """Where uploads are kept: ``RADRULES_UPLOAD_DIR`` (a folder several machines share),
        else ``<data dir>/uploads``."""
        return self.upload_path or self.data_dir / "uploads"

    @property
    def qc_secret_file(self) -> Path:
        return self.data_dir / "qc-secret.key"

    @property
    def audit_key_file(self) -> Path:
        return self.data_dir / "audit.key"

    @property
    def audit_checkpoints(self) -> Path:
        return self.audit_checkpoint_path or self.data_dir / "audit-checkpoints.jsonl"

    @property
    def signing_key_file(self) -> Path:
        return self.data_dir / "signing.key"

    @property
    def sync_folder(self) -> Path:
        return self.sync_dir or self.data_dir / "national-sync"

    @property
    def sms_folder(self) -> Path:
        return self.sms_dir or self.data_dir / "sms"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("RADRULES_DATA_DIR") or DEFAULT_DATA_DIR).resolve()
        url = env.get("RADRULES_DATABASE_URL") or f"sqlite:///{data_dir / SQLITE_FILE}"
        values: dict[str, object] = {"data_dir": data_dir, "database_url": url}
        if env.get("RADRULES_CAPTCHA_AFTER_FAILURES"):
            # the picture check after this many failed logins (accounts.captcha); 0: off
            values["captcha_after_failures"] = max(int(env["RADRULES_CAPTCHA_AFTER_FAILURES"]), 0)
        if env.get("RADRULES_SECRET"):
            values["secret"] = env["RADRULES_SECRET"]
        else:  # the data folder's key, read when the app is built (with_web_secret)
            values["secret"] = ""
        if env.get("RADRULES_SECURE_COOKIES", "").lower() in ("1", "true", "yes"):
            values["secure_cookies"] = True
        if env.get("RADRULES_UPLOAD_DIR"):
            values["upload_path"] = Path(env["RADRULES_UPLOAD_DIR"]).resolve()
        if env.get("RADRULES_MAX_UPLOAD_MB"):
            values["max_upload_bytes"] = int(float(env["RADRULES_MAX_UPLOAD_MB"]) * 1024 * 1024)
        if env.get("RADRULES_QC_SECRET"):
            if len(env["RADRULES_QC_SECRET"]) < 16:
                raise ValueError("RADRULES_QC_SECRET 至少须16个字符 / must be 16+ characters")
            values["qc_secret"] = env["RADRULES_QC_SECRET"]
        if env.get("RADRULES_AUDIT_KEY"):
            if len(env["RADRULES_AUDIT_KEY"]) < 16:
                raise ValueError("RADRULES_AUDIT_KEY 至少须16个字符 / must be 16+ characters")
            values["audit_key"] = env["RADRULES_AUDIT_KEY"]
        if env.get("RADRULES_AUDIT_CHECKPOINTS"):
            values["audit_checkpoint_path"] = Path(env["RADRULES_AUDIT_CHECKPOINTS"]).resolve()
        if env.get("RADRULES_SIGNING_KEY"):
            if len(env["RADRULES_SIGNING_KEY"]) < 16:
                raise ValueError("RADRULES_SIGNING_KEY 至少须16个字符 / must be 16+ characters")
            values["signing_key"] = env["RADRULES_SIGNING_KEY"]
        for key, name in (("signer", "RADRULES_SIGNER"), ("cert_login", "RADRULES_CERT_LOGIN")):
            if env.get(name):
                values[key] = env[name].strip()
        if env.get("RADRULES_PUBLIC_URL"):
            values["public_url"] = env["RADRULES_PUBLIC_URL"].rstrip("/")
        if env.get("RADRULES_TRUSTED_PROXIES"):
            values["trusted_proxies"] = tuple(
                p.strip() for p in env["RADRULES_TRUSTED_PROXIES"].split(",") if p.strip()
            )
        if env.get("RADRULES_PROVINCE"):
            values["province"] = env["RADRULES_PROVINCE"]
        for key, name, convert in _SYNC_ENV + _SMS_ENV:
            if env.get(name):
                values[key] = convert(env[name])
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]


_SYNC_ENV: tuple[tuple[str, str, Callable[[str], object]], ...] = (
    ("sync_transport", "RADRULES_SYNC_TRANSPORT", str),
    ("sync_dir", "RADRULES_SYNC_DIR", lambda v: Path(v).resolve()),
    ("sync_url", "RADRULES_SYNC_URL", str),
    ("sync_timeout_seconds", "RADRULES_SYNC_TIMEOUT", float),
    ("sync_max_attempts", "RADRULES_SYNC_MAX_ATTEMPTS", int),
    ("sync_backoff_seconds", "RADRULES_SYNC_BACKOFF", float),
    ("sync_interval_seconds", "RADRULES_SYNC_INTERVAL", float),
    ("cleanup_interval_seconds", "RADRULES_CLEANUP_INTERVAL", float),
    ("exam_close_interval_seconds", "RADRULES_EXAM_CLOSE_INTERVAL", float),
)

_SMS_ENV: tuple[tuple[str, str, Callable[[str], object]], ...] = (
    ("sms_transport", "RADRULES_SMS_TRANSPORT", str),
    ("sms_dir", "RADRULES_SMS_DIR", lambda v: Path(v).resolve()),
    ("sms_url", "RADRULES_SMS_URL", str),
    ("sms_token", "RADRULES_SMS_TOKEN", str),
    ("sms_timeout_seconds", "RADRULES_SMS_TIMEOUT", float),
    ("sms_signature", "RADRULES_SMS_SIGNATURE", str),
    ("notify_interval_seconds", "RADRULES_NOTIFY_INTERVAL", float),
    ("sms_digest_hour", "RADRULES_SMS_DIGEST_HOUR", int),
    ("warnings_interval_seconds", "RADRULES_WARNINGS_INTERVAL", float),
    ("warnings_hour", "RADRULES_WARNINGS_HOUR", int),
)


def with_web_secret(settings: Settings) -> Settings:
    """``settings`` with its secret filled in from the data folder's key when not configured
    (generated once, shared by every process using the folder: :mod:`.core.key_file`)."""
    if settings.secret:
        return settings
    from radrules_webshell.core.key_file import key_in

    key = key_in(settings.data_dir / WEB_SECRET_FILE, "网页签名")
    return attrs.evolve(settings, secret=key.decode("ascii"))
