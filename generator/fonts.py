"""The theme's fonts: found among the machine's fonts, subset to the characters a
build uses, and served as WOFF2 from the output (no remote fonts).

Andika (SIL, Debian ``fonts-sil-andika``) sets Latin text; Noto Nastaliq Urdu
(Debian ``fonts-noto-core``) sets Urdu.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")
SUBSET_VERSION = "1"


@dataclass(frozen=True)
class WebFont:
    family: str
    weight: int
    file: str  # the file name installed by the package
    package: str
    script: str  # "latin" or "arabic": which characters it sets

    @property
    def output_name(self) -> str:
        return f"{self.file.rsplit('.', 1)[0].lower()}.woff2"


WEB_FONTS = (
    WebFont("Andika", 400, "Andika-Regular.ttf", "fonts-sil-andika", "latin"),
    WebFont("Andika", 700, "Andika-Bold.ttf", "fonts-sil-andika", "latin"),
    WebFont("Noto Nastaliq Urdu", 400, "NotoNastaliqUrdu-Regular.ttf", "fonts-noto-core", "arabic"),
    WebFont("Noto Nastaliq Urdu", 700, "NotoNastaliqUrdu-Bold.ttf", "fonts-noto-core", "arabic"),
)


ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


ARABIC_UNICODE_RANGE = ", ".join(f"U+{low:04X}-{high:04X}" for low, high in ARABIC_RANGES)


def characters_for(font: WebFont, text: str) -> str:
    """The characters of ``text`` that ``font`` sets, sorted (Latin fonts take all but Arabic script)."""
    def arabic(char: str) -> bool:
        return any(low <= ord(char) <= high for low, high in ARABIC_RANGES)
    chars = {c for c in set(text) if c.isprintable() or c in "\u200c\u200d"}
    if font.script == "arabic":
        chars = {c for c in chars if arabic(c)} | set("\u200c\u200d ")
    else:
        chars = {c for c in chars if not arabic(c)} | {chr(c) for c in range(0x20, 0x7F)}
    return "".join(sorted(chars))


def find_fonts(dirs: tuple[Path, ...] = FONT_DIRS) -> dict[WebFont, bytes]:
    """The theme's fonts installed on this machine, read into memory."""
    wanted = {font.file: font for font in WEB_FONTS}
    found: dict[WebFont, bytes] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.ttf")):
            font = wanted.get(path.name)
            if font is not None and font not in found:
                found[font] = path.read_bytes()
    return found


def subset_woff2(data: bytes, text: str) -> bytes:
    """A WOFF2 subset of a font holding the glyphs ``text`` needs (with all layout features,
    which Nastaliq's joining forms depend on). The same input gives the same bytes."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # e.g. "Silf NOT subset": Graphite is unused here

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_face_css(fonts: list[WebFont]) -> str:
    """``@font-face`` rules for the fonts that were written, relative to ``assets/``."""
    rules = []
    for font in fonts:
        rules.append(
            "@font-face {\n"
            f'  font-family: "{font.family}";\n'
            f"  font-weight: {font.weight};\n"
            "  font-style: normal;\n"
            "  font-display: swap;\n"
            f'  src: url("fonts/{font.output_name}") format("woff2");\n'
            + (f"  unicode-range: {ARABIC_UNICODE_RANGE};\n"
               if font.script == "arabic" else "")
            + "}\n")
    return "/* Fonts subset to the characters this site uses. */\n" + "\n".join(rules)
