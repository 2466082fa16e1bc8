"""Length limits on free text as the platforms' forms state them: in bytes, or in characters.

The Jiangsu training manual (source 002 §3.5) limits fields in bytes ("最大 100 个字节",
"最大允许 50 个字节", "最大 200 个字节") and one in Chinese characters ("最大支持 100 个中文字",
§4.4 3.5). A byte count depends on the encoding. The platform's users mean the count of
GBK, the encoding of the government databases these forms are stored in, where a hanzi
is two bytes and a Latin letter or digit one: "100 个字节" is 50 hanzi or 100 digits. The
encoding is a ruleset parameter, so a province whose platform counts UTF-8 (three bytes
a hanzi) changes data, not code; radrules names it ``gb18030`` rather than ``gbk`` because
GB 18030 is GBK for every character GBK has, and also encodes the rare ones (a name
with 𠀀 costs four bytes instead of failing). docs/training.md gives the reasons.
"""

from __future__ import annotations

import codecs

from radrules.errors import InvalidValue

#: The encoding byte limits are counted in unless a ruleset says otherwise.
DEFAULT_ENCODING = "gb18030"


def byte_length(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """The number of bytes ``text`` takes in ``encoding`` (unencodable characters count as
    four bytes, the most any GB 18030 character takes, so a limit is never undercounted)."""
    return len(text.encode(_checked(encoding), errors="replace")) + 3 * _unencodable(text, encoding)


def _unencodable(text: str, encoding: str) -> int:
    if encoding.replace("-", "").lower() in ("gb18030", "utf8", "utf16", "utf32"):
        return 0  # these encode every code point (lone surrogates aside)
    return sum(1 for char in text if not _encodes(char, encoding))


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _checked(encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    return encoding


def validate_byte_limit(text: str, limit: int, encoding: str = DEFAULT_ENCODING) -> str:
    """``text`` unchanged, or :class:`InvalidValue` saying how far it is over ``limit`` bytes."""
    used = byte_length(text, encoding)
    if used > limit:
        raise InvalidValue(
            f"最多{limit}个字节（{_describe(encoding)}：汉字每字{_hanzi_bytes(encoding)}个字节，"
            f"字母和数字每个1个字节），实际为{used}个字节"
        )
    return text


def validate_char_limit(text: str, limit: int) -> str:
    """``text`` unchanged, or :class:`InvalidValue` when it has more than ``limit`` characters."""
    if len(text) > limit:
        raise InvalidValue(f"最多{limit}个字，实际为{len(text)}个字")
    return text


def _describe(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return {"gb18030": "按GBK计", "gbk": "按GBK计", "utf-8": "按UTF-8计"}.get(name, f"按{name}计")


def _hanzi_bytes(encoding: str) -> int:
    return len("汉".encode(encoding, errors="replace"))
