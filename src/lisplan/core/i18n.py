"""The language lisplan speaks: gettext catalogs, and numbers and dates as each language writes them.

Source strings are English; ``locale/nb/LC_MESSAGES/lisplan.po`` holds bokmål (docs/i18n.md says how
to add a message). Messages are whole sentences with named fields, ``_("{n} goals left").format(n=…)``,
so a translator sees what they translate. lisplan speaks bokmål unless ``--lang``, ``LISPLAN_LANG``, the
plan repo's ``language:`` or an English locale asks for English (:func:`choose`).
JSON keys, problem codes and ids never pass through here: they are the contract for scripts.

Babel formats long dates ("1. desember 2026"); it is imported only when one is formatted. Short dates
(01.12.2026), plain decimals (30,6) and month names, which ``lisplan log`` and the reports print, are
written here as babel writes them (tests/test_i18n_numbers.py holds the two equal), without
the ~50 ms that importing babel and loading a locale's data costs a command.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import gettext

DOMAIN = "lisplan"
LANGUAGES = ("nb", "en")
#: the language lisplan speaks unless it is asked for another (:func:`choose`)
DEFAULT = "nb"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_BABEL_LOCALE = {"nb": "nb_NO", "en": "en_GB"}
#: the decimal mark of each language (CLDR's decimal symbol of nb_NO and en_GB)
_DECIMAL_MARK = {"nb": ",", "en": "."}
#: the months by name, standing alone (CLDR's stand-alone wide month names of nb_NO and en_GB, "LLLL")
_MONTHS = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip

_language = DEFAULT
_overridden = False  # --lang or LISPLAN_LANG chose the language (not the locale or the repo)


def choose(option: str | None = None, env: Mapping[str, str] | None = None, repo_language: str | None = None) -> str:
    """The language to speak: ``--lang``, else ``LISPLAN_LANG``, else the repo's ``language:``
    (lisplan.yaml), else the locale. Bokmål wherever the locale does not ask for English: lisplan is
    for Norwegian trainees, and containers and CI runners (``C``, ``C.UTF-8``, ``POSIX``, no locale)
    must not turn a trainee's repo English. The locale is LC_ALL, LC_MESSAGES, LANG, the first that is
    set, as POSIX reads them; English only for ``en`` and ``en_*``."""
    env = env if env is not None else _environ()
    for given in (option, env.get("LISPLAN_LANG"), repo_language):
        if given and given.strip().lower() in LANGUAGES:
            return given.strip().lower()
    locale = next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")
    return "en" if re.match(r"en($|[_.@-])", locale.lower()) else DEFAULT


def _environ() -> Mapping[str, str]:
    import os

    return os.environ


def set_language(lang: str, *, overridden: bool = False) -> None:
    global _language, _overridden
    _language = lang if lang in LANGUAGES else DEFAULT
    _overridden = overridden


def overridden() -> bool:
    """Whether ``--lang`` or ``LISPLAN_LANG`` chose the language (they override a repo's ``language:``)."""
    return _overridden


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block (documents in a repo's language), then the language before."""
    before, was = _language, _overridden
    set_language(lang, overridden=was)
    try:
        yield
    finally:
        set_language(before, overridden=was)


def language() -> str:
    return _language


@cache
def _catalog(lang: str) -> gettext.NullTranslations | Catalog:
    import gettext  # when a message is shown: a warm answer (commands/replay.py) shows none

    try:
        return Catalog((LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes())
    except OSError:  # English, the language of the messages themselves
        return gettext.NullTranslations()


class Catalog:
    """A compiled catalog (.mo) read as messages are asked for: each is found by binary search among the
    originals, which the format keeps sorted, not all ~1,700 decoded at the start (6.5 ms of every command
    that speaks bokmål, gettext's way). As gettext's GNUTranslations answers (tests/test_i18n.py holds the
    two equal on every message), for a catalog in UTF-8 without contexts, as tools/i18n.py writes them."""

    def __init__(self, data: bytes) -> None:
        import gettext
        import struct

        order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
        self._data, self._pair = data, struct.Struct(order + "II")
        self._n, self._originals, self._translations = struct.unpack_from(order + "3I", data, 8)
        plural = re.search(rb"plural=([^;\n]*)", self._find(b"") or b"")  # Plural-Forms: nplurals=2; plural=…;
        self._plural = gettext.c2py(plural.group(1).decode()) if plural else lambda n: int(n != 1)

    def _find(self, key: bytes, prefix: bool = False) -> bytes | None:
        """The translation of the original ``key`` (with ``prefix``: of the first that starts with it)."""
        lo, hi = 0, self._n
        while lo < hi:
            mid = (lo + hi) // 2
            if self._original(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        found = self._original(lo) if lo < self._n else None
        if found is None or not (found == key or prefix and found.startswith(key)):
            return None
        length, offset = self._pair.unpack_from(self._data, self._translations + 8 * lo)
        return self._data[offset : offset + length]

    def _original(self, i: int) -> bytes:
        length, offset = self._pair.unpack_from(self._data, self._originals + 8 * i)
        return self._data[offset : offset + length]

    def gettext(self, message: str) -> str:
        found = self._find(message.encode())
        if found is None:  # a message with a plural, asked for alone: its form for one
            return self._form(message, message, 1)
        return found.decode()

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._form(singular, plural, n)

    def _form(self, singular: str, plural: str, n: int) -> str:
        found, index = self._find(singular.encode() + b"\0", prefix=True), self._plural(n)
        forms = found.split(b"\0") if found is not None else []
        return forms[index].decode() if index < len(forms) else singular if n == 1 else plural


def _(message: str) -> str:
    """``message`` in the current language."""
    return _catalog(_language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message for ``n``, in the current language."""
    return _catalog(_language).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the name xgettext and Babel know
    """Marks a message for extraction where it is defined; ``_()`` translates it where it is shown."""
    return message


def in_language(name: str, name_en: str | None) -> str:
    """A name the data gives in Norwegian and, maybe, English (``name_en``): the English one in English."""
    return (language() == "en" and name_en) or name


def named(name: str | None, ident: str) -> str:
    """A thing by its name, with the id a user must type after it: «skjelettscintigrafi
    (skeleton-scintigraphy)»; the id alone where the thing has no other name."""
    return f"{name} ({ident})" if name and name != ident else ident


def name_of(item: Mapping[str, object]) -> str:
    """The name of a view's item (``name``, ``name_en``, else ``id``) in the current language."""
    english = item.get("name_en")
    return in_language(str(item.get("name") or item.get("id") or ""), str(english) if english else None)


def word(words: Mapping[str, str], value: str) -> str:
    """How a value from the files reads (``words`` maps it to an ``N_`` message); an unknown one as written."""
    return _(words[value]) if value in words else value


# --- numbers and dates ---------------------------------------------------------------------------


def number(value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals: 30,6 in bokmål, 30.6 in English."""
    if type(value) in (int, float) and 0 <= value < 1e15 and not str(value).startswith("-"):
        # babel's way for a plain pattern without grouping: the decimal text of the value (str, not the
        # binary fraction), rounded half to even to ``digits`` places, then the language's decimal mark
        from decimal import Decimal

        whole, _dot, fraction = f"{Decimal(str(value)).quantize(Decimal(10) ** -digits):f}".partition(".")
        return whole + (_DECIMAL_MARK[_language] + fraction if digits else "")
    from babel.numbers import format_decimal  # a negative or very large number: signs and exponents

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_BABEL_LOCALE[_language], group_separator=False)


def figure(value: float) -> str:
    """``value`` with the decimals it has, up to six digits in all: 6, 6.5 (6,5 in bokmål)."""
    shown = f"{value:g}"
    return number(value, len(shown.split(".")[1]) if "." in shown and "e" not in shown else 0)


def date(day: dt.date | str | None, *, long: bool = False, empty: str = "–") -> str:
    """A date as the language writes it: 01.12.2026 (or "1. desember 2026" with ``long``) in bokmål;
    ISO 2026-12-01 (or "1 December 2026") in English. ISO text is read as a date; None is ``empty``."""
    if day is None or day == "":
        return empty
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    if _language == "en" and not long:
        return day.isoformat()
    return _formatted_date(day, long, _language)


@cache
def _formatted_date(day: dt.date, long: bool, lang: str) -> str:
    if lang == "nb" and not long:  # babel's "dd.MM.y": day and month in two digits, the year as it is
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    from babel.dates import format_date

    if lang == "nb":
        return format_date(day, "d. MMMM y" if long else "dd.MM.y", locale=_BABEL_LOCALE[lang])
    return format_date(day, "d MMMM y", locale=_BABEL_LOCALE[lang])


def months(numbers: Sequence[int]) -> str:
    """Calendar months by name, joined with '/': [5, 6] is «mai/juni» in bokmål, "May/June" in English."""
    return "/".join(_MONTHS[_language][m - 1] for m in numbers)


def join(items: Sequence[str]) -> str:
    """A list in prose: "a, b og c" in bokmål, "a, b and c" in English."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return _("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])


def either(items: Sequence[str]) -> str:
    """Choices in prose: "a, b eller c" in bokmål, "a, b or c" in English."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return _("{first} or {last}").format(first=", ".join(items[:-1]), last=items[-1])
