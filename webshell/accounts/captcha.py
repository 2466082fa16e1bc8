"""The picture check before a login (source 002 §2.2 1 “账号密码输入完成后，需要点击图片验证”).

After ``captcha_after_failures`` failed logins counted for the login name or for the
client's address (the counters of :mod:`.throttle`), a login must also answer a challenge:
the characters of a picture drawn here, on the server, with Pillow — no outside service and
no script. The page shows the picture inline (a ``data:`` PNG, which the CSP's ``img-src``
allows); an API client gets it base64-encoded. The SMS-code button of §2.4 asks for the
same check first (§7 问题九).

- A challenge is a random token (in the form, or given to the API client) and four
  characters from an alphabet without look-alikes. The table keeps the token's SHA-256 and
  a salted SHA-256 of the answer (as :mod:`..notifications.codes` keeps SMS codes), never
  the answer itself; the picture is drawn once and not kept. Nothing is held in a process,
  so any server process sharing the database can check the answer.
- It is **single use**: checking it deletes it, right or wrong, so a wrong answer needs a
  new picture and one picture cannot be tried twice. It expires after
  ``captcha_seconds``; expired rows are removed whenever a challenge is made.
- The answer is compared case-insensitively, spaces ignored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import secrets
import time

import anyio.to_thread
import attrs
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from radrules_webshell.accounts.tables import LoginChallenge, LoginCounter
from radrules_webshell.accounts.throttle import login_key
from radrules_webshell.settings import Settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1
LENGTH = 4
WIDTH, HEIGHT = 150, 48
REQUIRED = "请输入图片中的字符（图片验证）"
WRONG = "图片验证未通过或已失效，请输入新图片中的字符"


@attrs.frozen
class Challenge:
    """A challenge to show: its token and its picture (PNG)."""

    token: str
    png: bytes
    expires_in: int

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _digest(salt: str, answer: str) -> str:
    return hashlib.sha256(f"{salt}:{answer}".encode()).hexdigest()


def _normalize(answer: str) -> str:
    return "".join((answer or "").split()).upper()[:16]


async def required(login: str, ip: str | None, settings: Settings) -> bool:
    """Whether a login by ``login`` from ``ip`` must answer a challenge first."""
    n = settings.captcha_after_failures
    if n <= 0:
        return False  # switched off
    keys = [login_key(login.strip())] if login and login.strip() else []
    if ip:
        keys.append(f"ip:{ip[:64]}")
    if not keys:
        return False
    now = int(time.time())
    rows = await LoginCounter.select(
        LoginCounter.key, LoginCounter.failures, LoginCounter.window_start
    ).where(LoginCounter.key.is_in(keys))
    for row in rows:
        # an address window that is over no longer counts (throttle starts it again)
        if row["key"].startswith("ip:") and row["window_start"] <= now - settings.ip_window_seconds:
            continue
        if row["failures"] >= n:
            return True
    return False


def draw(answer: str) -> bytes:
    """The picture of ``answer``: tilted characters over noise, lines through them, blurred a little."""
    rng = secrets.SystemRandom()
    image = Image.new("RGB", (WIDTH, HEIGHT), (rng.randint(225, 250),) * 3)
    pen = ImageDraw.Draw(image)
    for _ in range(220):
        pen.point(
            (rng.randrange(WIDTH), rng.randrange(HEIGHT)),
            fill=tuple(rng.randint(120, 220) for _ in range(3)),
        )
    step = (WIDTH - 50) // (len(answer) - 1)
    for i, ch in enumerate(answer):
        font = ImageFont.load_default(size=rng.randint(28, 34))
        glyph = Image.new("RGBA", (44, 48), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (8, 4),
            ch,
            font=font,
            fill=(rng.randint(10, 110), rng.randint(10, 110), rng.randint(10, 110), 255),
        )
        glyph = glyph.rotate(rng.uniform(-28, 28), resample=Image.Resampling.BICUBIC)
        image.paste(glyph, (6 + i * step + rng.randint(-3, 3), rng.randint(-4, 2)), glyph)
    for _ in range(3):
        pen.line(
            [
                (rng.randrange(WIDTH // 3), rng.randrange(HEIGHT)),
                (rng.randrange(2 * WIDTH // 3, WIDTH), rng.randrange(HEIGHT)),
            ],
            fill=tuple(rng.randint(60, 160) for _ in range(3)),
            width=2,
        )
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def new_answer() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


async def create(settings: Settings) -> Challenge:
    """A new challenge, stored (hashed) until it is answered or expires."""
    token = secrets.token_urlsafe(24)
    answer = new_answer()
    png = await anyio.to_thread.run_sync(draw, answer)
    now = int(time.time())
    salt = secrets.token_hex(8)
    await LoginChallenge.delete().where(LoginChallenge.expires_at <= now)
    await LoginChallenge.insert(
        LoginChallenge(
            token_hash=_hash(token),
            answer_hash=f"{salt}${_digest(salt, answer)}",
            expires_at=now + settings.captcha_seconds,
        )
    )
    return Challenge(token=token, png=png, expires_in=settings.captcha_seconds)


async def passes(token: str, answer: str) -> bool:
    """Whether ``answer`` is the challenge's; the challenge is used up either way."""
    if not token or len(token) > 100:
        return False
    rows = await (
        LoginChallenge.delete()
        .where(LoginChallenge.token_hash == _hash(token))
        .returning(LoginChallenge.answer_hash, LoginChallenge.expires_at)
    )
    if not rows or rows[0]["expires_at"] <= int(time.time()):
        return False
    salt, _, digest = str(rows[0]["answer_hash"]).partition("$")
    return hmac.compare_digest(digest, _digest(salt, _normalize(answer)))
