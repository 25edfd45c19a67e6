"""Decoding text files: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order
mark (Notepad's and Word's "Unicode" text), else GB18030 (Chinese Windows' GBK and its
superset). The one rule for every text and CSV reader.

Also the one rule for characters no stored text keeps (`CONTROL`: C0 controls other than
tab, line feed and carriage return, DEL, lone surrogates). What an office program or a
browser leaves in a text (a file's form feed, Word's ``\x07`` cell mark, a pasted
``\x0b``) is artefact, not content: every reader of a file (.txt, Word, Excel, PDF, CSV)
and every web form drops it (`drop_controls`). A JSON text (an API body, a JSON document)
is written by a program, which meant what it escaped: it is refused with one line naming
the field (`unstorable`). Exports drop what XML cannot hold (`xml_safe`) besides."""

from __future__ import annotations

import re
from itertools import islice
from operator import itemgetter

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def is_utf16(data: bytes) -> bool:
    """Whether ``data`` starts with a UTF-16 byte-order mark."""
    return data[:2] in _UTF16_BOMS


def decode_text(data: bytes) -> str | None:
    """The text of ``data`` without `CONTROL` characters, or None when it is in none of the
    encodings above."""
    text = _decode(data)
    return None if text is None else drop_controls(text)


def _decode(data: bytes) -> str | None:
    if is_utf16(data):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


#: Invisible format characters pasted in from web pages and other editors: zero-width
#: spaces and joiners, direction marks, embeddings, overrides and isolates, word joiners,
#: soft hyphens, the Mongolian vowel separator and a stray byte-order mark. They carry no
#: meaning in a goal document, yet split a label (``预\u200b算数``), hide behind a value
#: (``≥95%\u200b``) or reverse how it is shown (``\u202e≥100``).
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def drop_invisible(text: str) -> str:
    """``text`` without `INVISIBLE` characters (the line count is unchanged)."""
    return INVISIBLE.sub("", text) if INVISIBLE.search(text) else text


#: Characters an XML 1.0 file cannot hold (C0 controls other than tab, line feed and carriage
#: return; lone surrogates; U+FFFE and U+FFFF). A stored text may carry them (pasted into a
#: form, read from a .txt or JSON file); Word and Excel files are XML, so every writer of
#: those drops them here, not in each place it writes a text.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without `XML_ILLEGAL` characters."""
    return XML_ILLEGAL.sub("", text) if XML_ILLEGAL.search(text) else text


#: Characters no stored text keeps: C0 controls other than tab, line feed and carriage
#: return, DEL, and lone surrogates (no UTF-8 can hold them).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def drop_controls(text: str) -> str:
    """``text`` without `CONTROL` characters (the line count is unchanged)."""
    return CONTROL.sub("", text) if CONTROL.search(text) else text


#: `INVISIBLE` and `CONTROL` in one pass (the cells of the table readers).
UNWANTED = re.compile(INVISIBLE.pattern[:-1] + CONTROL.pattern[1:])


def drop_unwanted(text: str) -> str:
    """``text`` without `INVISIBLE` or `CONTROL` characters."""
    return UNWANTED.sub("", text) if UNWANTED.search(text) else text


#: The bytes of UTF-8 text other than `CONTROL` ones: deleting them from a file's bytes
#: leaves its control characters (in C, about 1 ms a megabyte).
_NOT_CONTROL = bytes(
    b for b in range(256) if not (b < 0x20 and b not in (0x09, 0x0A, 0x0D)) and b != 0x7F
)


def unstorable(text: str) -> str | None:
    """Why ``text`` cannot be stored as text (a `CONTROL` character: a NUL, which
    PostgreSQL refuses, an unpaired surrogate such as JSON's ``"\\ud800"``, which is no
    UTF-8, another control character), or None. JSON (an API body, a JSON document) can
    carry them all; the one check of every such text."""
    m = CONTROL.search(text)
    if m is None:
        return None
    code = ord(m.group())
    if code == 0:
        return "含空字符（\\u0000），不是有效的文字"
    if 0xD800 <= code <= 0xDFFF:
        return f"含不成对的 Unicode 代理项（\\u{code:04x}），不是有效的文字"
    return f"含控制字符（\\u{code:04x}），不是有效的文字，请删除"


def _invisible_utf8() -> tuple[tuple[bytes, frozenset[bytes]], ...]:
    """`INVISIBLE`'s characters in UTF-8, as (lead byte, the bytes that may follow it)."""
    body = INVISIBLE.pattern
    assert body[0] == "[" and body[-1] == "]", "a plain character class"
    body = body[1:-1]
    chars: list[str] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            chars += map(chr, range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            chars.append(body[i])
            i += 1
    by_lead: dict[bytes, set[bytes]] = {}
    for c in chars:
        code = c.encode("utf-8")
        by_lead.setdefault(code[:1], set()).add(code[1:])
    return tuple((lead, frozenset(tails)) for lead, tails in sorted(by_lead.items()))


#: A UTF-8 file is looked at only where one of these lead bytes occurs.
_INVISIBLE_UTF8 = _invisible_utf8()
#: The same with the bytes that may come right after each lead byte (`_visible_utf8`).
_INVISIBLE_UTF8_SECONDS = tuple(
    (lead, tails, frozenset(t[:1] for t in tails)) for lead, tails in _INVISIBLE_UTF8
)
_FEFF_TAIL = frozenset({"\ufeff".encode()[1:]})
_FIRST_BYTE = itemgetter(slice(0, 1))
_BOM = b"\xef\xbb\xbf"


def decode_checked(data: bytes) -> tuple[str | None, bool]:
    """`decode_text` (controls dropped), and True when the text is known to hold no `INVISIBLE` character:
    a UTF-8 file's bytes are searched for them in C (``drop_invisible`` scanning the
    decoded text was about a seventh of the text reader's work); other encodings say
    False (not known)."""
    if not is_utf16(data):
        try:
            # What ``data.decode("utf-8-sig")`` gives, without the Python-level codec.
            text = (data[3:] if data.startswith(_BOM) else data).decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if data.translate(None, _NOT_CONTROL):
                text = drop_controls(text)
            return text, _visible_utf8(data, text)
    return decode_text(data), False


def _visible_utf8(data: bytes, text: str) -> bool:
    """Whether UTF-8 ``data`` (a leading byte-order mark aside), decoded as ``text``, holds
    no `INVISIBLE` character. Each lead byte is looked for by ``bytes.find`` (memchr): \xc2,
    \xd8, \xe1 are rare in Chinese text. \xe2 comes a few times a project (``≥``, ``—``,
    ``“``): one split at it gives the byte after every occurrence in C, and only a second
    byte that starts an invisible character there sends the data to the byte-by-byte
    check. \xef starts every full-width mark; its one character (U+FEFF) costs five times
    less to look for in the decoded text than in the bytes."""
    for lead, tails, seconds in _INVISIBLE_UTF8_SECONDS:
        if tails == _FEFF_TAIL:
            if "\ufeff" in text:  # ``text`` has lost the leading byte-order mark already
                return False
            continue
        at = data.find(lead)
        if at < 0:
            continue
        if seconds.isdisjoint(map(_FIRST_BYTE, islice(data.split(lead), 1, None))):
            continue  # no occurrence is followed by a byte an invisible character has there
        width = len(next(iter(tails)))
        while at >= 0:
            if data[at + 1 : at + 1 + width] in tails:
                return False
            at = data.find(lead, at + 1)
    return True
