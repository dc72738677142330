"""Reading a raw plan: bytes → one normalised text, before any parser or ``detect`` sees it.

One code path for the build, the registry and :class:`~schemalab.parsers.base.BaseParser`
(through :func:`schemalab.extract.normalise_lines`), so a plan is claimed and read the same
whatever its encoding, line endings or Unicode form:

- :func:`decode`: UTF-8 (with or without BOM), UTF-16 with a BOM; Windows-1252 / Latin-1
  only when the result reads as French (a UTF-8 file with one damaged byte does not: it
  is refused with the line of the byte). Empty files, PDFs and binary files are refused
  with a named :class:`~schemalab.extract.ParseError`.
- :func:`normalise`: CR/CRLF → LF, NFC, non-breaking and other exotic spaces → space,
  invisible characters (zero-width, word joiner, soft hyphen, BOM inside the text)
  removed. The number of lines never changes, so every line number is the raw file's.
- :func:`match_key`: what ``detect`` patterns are matched against: the normalised text
  with typographic apostrophes and quotes folded to ASCII (``’`` → ``'``, ``“”`` → ``"``).
  The parsers keep the typographic characters (they are what the plan prints).
- :func:`read_plan`: a file → text, refusing implausibly large files before reading them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from schemalab.extract import ParseError

#: Largest raw plan accepted. The five real plans are 0.07-0.30 MB; a 100-page plan
#: converted to text stays under 2 MB. Larger files are refused before being read
#: (a 200 MB file once peaked at 2.6 GB of memory).
MAX_PLAN_BYTES = 16 * 1024 * 1024

_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u2002": " ", "\u2003": " ", "\u2008": " "}
#: Zero-width space / non-joiner / joiner, word joiner, BOM inside the text, soft hyphen,
#: left-to-right / right-to-left marks, invisible separators.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u2061\u2062\u2063\u2064"
#: Typographic ligatures a PDF's fonts leave in its text ("ﬁnancement"): letters to a
#: reader, and to every pattern that reads the text ("financés par la CAF").
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
#: The form feed pdftotext prints at each page's start, glued to the page's first line
#: (« \fPays-de-Vaurèze · Schéma … », the running header): no character of the text, so a
#: pattern anchored on that line (``skip: ['^Pays-de-Vaurèze · …']``) matches it.
_PAGE_BREAK = "\f"
#: Punctuation a converter cut to its low byte (unrtf 0.21 writes each character's code modulo
#: 256: U+2013 « – » prints as U+0013, U+2019 « ’ » as U+0019): control characters no
#: text holds, so each is read as the mark it was.
_TRUNCATED = {"\x13": "–", "\x14": "—", "\x18": "‘", "\x19": "’", "\x1c": "“", "\x1d": "”"}
_NORMALISE = str.maketrans({**_SPACES, **{c: "" for c in _INVISIBLE + _PAGE_BREAK}, **_LIGATURES, **_TRUNCATED})
#: The euro sign cut to its low byte by the same converters (U+20AC → U+00AC « ¬ »), after
#: an amount (« 240 000 ¬ par an », « 96,4 M¬ »): no French text prints « ¬ » otherwise.
_TRUNCATED_EURO = re.compile(r"(?<=\d)(\s?(?:[kKM]\s?)?)¬")
#: A bullet glyph a converter could not print, written « ? » (unrtf: a Symbol-font bullet),
#: alone in its cell or on its line (« <TAB> ?      »): a question mark always follows a
#: word on its line, so a « ? » with nothing before it in its cell is the bullet.
_LOST_BULLET = re.compile(r"(?m)(^|\t)([ ]*)\?(?=[ ]*(?:\t|$))")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"'})

#: French accented letters: a Windows-1252 plan holds some.
_FRENCH_LETTERS = set("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ")
#: UTF-8 read as Windows-1252 / Latin-1 (mojibake): "é" → "Ã©", "à" → "Ã\xa0", "’" → "â€™".
_MOJIBAKE = re.compile(
    "[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|â€"
)


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def plausible_french(text: str) -> bool:
    """True when ``text`` (decoded as Windows-1252 or Latin-1) reads as French: some French
    accented letters, no control characters, and no UTF-8 mojibake (``Ã©``, ``â€™``: a
    UTF-8 file with a damaged byte must not be read as Windows-1252)."""
    if _MOJIBAKE.search(text):
        return False
    for c in set(text):
        cat = unicodedata.category(c)
        if cat == "Cc" and c not in "\t\n\r\f" and c not in _TRUNCATED:
            return False
        # letters beyond ASCII must be French ones ("þ", "Ã" are not); symbols and
        # punctuation (« » ’ € ° ® ¢, OCR damage included) are fine
        if ord(c) > 127 and cat.startswith("L") and c not in _FRENCH_LETTERS:
            return False
    return any(c in _FRENCH_LETTERS for c in text)


def decode(data: bytes | str, source: str = "<text>") -> tuple[str, str]:
    """Decode a raw plan; returns ``(text, encoding)``.

    Raises:
        ParseError: empty, PDF, binary or undecodable input, naming the file (and the
            line of the first undecodable byte).
    """
    if isinstance(data, str):
        return data, "str"
    if not data.strip():
        raise ParseError(source, 1, "a plan text; the file is empty")
    if data.startswith(b"%PDF-"):
        raise ParseError(source, 1, "a plan converted to text; this is a PDF file (convert it to text first)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ParseError(source, None, f"UTF-16 text; undecodable bytes at offset {exc.start}") from None
    if b"\x00" in data[:4096]:
        line = _line_of(data, data.index(b"\x00"))
        raise ParseError(source, line, "a text file (UTF-8); found NUL bytes: is this a binary file?")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    for enc in ("cp1252", "latin-1"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if plausible_french(text):
            return text, enc
    raise ParseError(
        source,
        _line_of(data, first_bad),
        f"UTF-8 text (or Windows-1252 French text); undecodable byte 0x{data[first_bad]:02x} at offset {first_bad}",
    )


#: A Markdown backslash escape: a backslash before an ASCII punctuation mark (« 1\\.1 »,
#: « \\(CAF\\) », « Vallons\\-de\\-Ceyre », as mammoth, pandoc and html2text write them).
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def normalise(text: str) -> str:
    """CR/CRLF → LF, NFC, exotic spaces → space, invisible characters and form feeds removed,
    punctuation and euro signs cut to their low byte (:data:`_TRUNCATED`) read as printed, a
    bullet printed « ? » alone in its cell read as a bullet, ligatures
    (``ﬁ``, ``ﬂ``…) written as their letters, Markdown's backslash escapes dropped (the
    mark is printed: ``1\\.1`` is ``1.1``; a plan's text prints no backslash otherwise),
    pdfium's cut words made whole (:func:`_rejoin_pdfium_hyphens`).

    Never changes the number of lines (so line numbers stay the raw file's)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\\" in text:
        text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    if "\ufffe" in text:
        text = _rejoin_pdfium_hyphens(text)
    if "¬" in text:
        text = _TRUNCATED_EURO.sub(r"\1€", text)
    if "?" in text:
        text = _LOST_BULLET.sub(r"\1\2•", text)
    return unicodedata.normalize("NFC", text).translate(_NORMALISE)


#: pdfium's mark of a word the PDF cut at a line end with a hyphen, the two parts printed on
#: one line (pypdfium2's ``get_text_range``: « fa\ufffemille », « Val-de\ufffeSèvre »).
_PDFIUM_HYPHEN = re.compile(r"([\w'’-]*)\ufffe(\w*)")


def _rejoin_pdfium_hyphens(text: str) -> str:
    """Each word pdfium marked as cut at a line end, whole: « fa\ufffemille » is « famille »;
    the hyphen is kept where a word cut at a line end keeps it
    (:func:`schemalab.extract.hyphen_kept`: « Val-de\ufffeSèvre », or « enfants-parents » where
    the text prints the compound whole elsewhere)."""
    from schemalab.extract import document_compounds, hyphen_kept

    compounds = document_compounds(text.split("\n"))

    def whole(m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        return f"{left}-{right}" if left and right and hyphen_kept(left, right, compounds) else left + right

    return _PDFIUM_HYPHEN.sub(whole, text)


def normalise_bytes(data: bytes | str, source: str = "<text>") -> str:
    """:func:`decode` then :func:`normalise`."""
    return normalise(decode(data, source)[0])


def match_key(text: str) -> str:
    """The text ``detect`` patterns match: normalised, typographic quotes folded."""
    return normalise(text).translate(_QUOTES)


_FOLD_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Comparison key of a short label (titles, names): quotes folded, no accents,
    lower case, single spaces."""
    s = unicodedata.normalize("NFKD", match_key(text).replace("œ", "oe"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return _FOLD_WS.sub(" ", s).strip().lower()


def read_plan(path: str | os.PathLike, max_bytes: int = MAX_PLAN_BYTES) -> bytes:
    """The bytes of a raw plan, after refusing what cannot be one.

    Raises:
        ParseError: not a regular file (a directory named ``*.txt``, a broken link or a
            link loop), unreadable, or larger than ``max_bytes``.
    """
    p = Path(path)
    name = p.name
    try:
        st = p.stat()
    except OSError as exc:  # broken symlink, symlink loop, permission on the folder
        raise ParseError(name, None, f"a readable file; {exc.strerror or exc}") from None
    if not p.is_file():
        raise ParseError(name, None, "a regular file; this is a directory or a special file")
    if st.st_size > max_bytes:
        raise ParseError(
            name,
            None,
            f"a plan text of at most {max_bytes // (1024 * 1024)} MB; the file has {st.st_size / 1e6:.0f} MB "
            "(not a converted plan?)",
        )
    try:
        return p.read_bytes()
    except OSError as exc:
        raise ParseError(name, None, f"a readable file; {exc.strerror or exc}") from None


__all__ = ["MAX_PLAN_BYTES", "decode", "fold", "match_key", "normalise", "normalise_bytes", "read_plan"]
