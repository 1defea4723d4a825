"""The offline search index: per locale, a vocabulary of words and the sessions holding each.

The index is a small JavaScript file that sets one global, so the library page
can load it with ``<script src>`` both over http and from disk (``file://``
forbids ``fetch``). Words are split on anything that is not a letter or digit
and never stemmed, so Urdu is matched as written; ``assets/library.js``
normalises queries exactly as :func:`normalise` does.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Iterable

from markdown_it.token import Token

from .model import Library, Text

# Arabic-script diacritics (harakat, superscript alef) and the tatweel are dropped;
# Arabic yeh and kaf are folded into the Urdu letters people type.
_DROP = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")
_FOLD = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc"})
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text).lower()).translate(_FOLD)


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def token_text(tokens: Iterable[Token]) -> str:
    """The plain text of a token stream (what a reader sees, without markup)."""
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts += [child.content for child in token.children or [] if child.content]
        elif token.type in {"code_block", "fence"}:
            parts.append(token.content)
    return " ".join(parts)


def text_words(text: Text) -> frozenset[str]:
    """The words a text can be found by: its title, summary, materials and body."""
    return frozenset(words(" ".join([text.title, text.summary, *text.materials, token_text(text.tokens)])))


def index_for(library: Library, locale: str, known: dict[tuple[str, str], frozenset[str]] | None = None
              ) -> dict[str, object]:
    """``{"ids": [session ids], "terms": {word: [positions in ids]}}`` for one locale.

    ``known`` keeps each text's words by its file and digest, for the next build."""
    ids, terms = [], {}
    known = {} if known is None else known
    for position, session in enumerate(library.sessions):
        text, _ = session.text(locale, library.site.default_locale)
        ids.append(session.id)
        found = known.get((text.path, text.digest))
        if found is None:
            found = known[(text.path, text.digest)] = text_words(text)
        for word in found:
            terms.setdefault(word, []).append(position)
    return {"ids": ids, "terms": dict(sorted(terms.items()))}


def index_script(library: Library, locale: str, known: dict[tuple[str, str], frozenset[str]] | None = None) -> str:
    data = json.dumps(index_for(library, locale, known), ensure_ascii=False, separators=(",", ":"))
    return f"window.partnersSearch={data};\n"
