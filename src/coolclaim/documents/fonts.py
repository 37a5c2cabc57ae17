"""The documents' fonts, made lean once per process so that each PDF costs little to write.

Why: WeasyPrint subsets every font it embeds, for every PDF. With the system's full fonts
(DejaVu: thousands of glyphs and large GPOS/GSUB tables) that subsetting took ~70% of a
document's CPU time (~0.23 s of ~0.34 s). So the first PDF of a process builds, from the
system's font files, a lean copy of each face the print stylesheet uses: Latin glyphs and
punctuation only, no layout tables, no hinting. The print stylesheet names these faces first
(`coolclaim serif`, `coolclaim sans`); @font-face rules serve them from memory through the
documents' URL fetcher (which fetches nothing else). A character outside the lean set falls
back to the next family in the stylesheet (the full system font), so no text is lost.

The lean faces are built from Liberation when it is installed, else from DejaVu: the same
preference as the stylesheet's family lists. A face found nowhere is simply not declared.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
SCHEME = "coolclaim-font"

# Basic Latin, Latin-1, Latin Extended-A and -B, general punctuation, arrows and ballot boxes.
CODEPOINTS = (
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x2000, 0x2070),
    0x20AC,
    0x2116,
    0x2122,
    0x2190,
    0x2192,
    0x2610,
    0x2611,
    0x2713,
)


@dataclass(frozen=True, slots=True)
class Face:
    family: str  # the name print.css uses
    style: str  # CSS font-style
    weight: int  # CSS font-weight
    files: tuple[str, ...]  # candidate file names, preferred first


FACES = (
    Face("coolclaim serif", "normal", 400, ("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf")),
    Face("coolclaim serif", "normal", 700, ("LiberationSerif-Bold.ttf", "DejaVuSerif-Bold.ttf")),
    Face("coolclaim serif", "italic", 400, ("LiberationSerif-Italic.ttf", "DejaVuSerif-Italic.ttf")),
    Face("coolclaim sans", "normal", 400, ("LiberationSans-Regular.ttf", "DejaVuSans.ttf")),
    Face("coolclaim sans", "normal", 700, ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf")),
)


def find(face: Face, dirs: tuple[Path, ...] = FONT_DIRS) -> Path | None:
    for name in face.files:
        for folder in dirs:
            path = folder / name
            if path.is_file():
                return path
    return None


def lean(path: Path) -> bytes:
    """The font at `path` cut down to CODEPOINTS, without layout tables or hinting."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "GSUB", "GPOS", "GDEF", "kern", "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CODEPOINTS)
    font = TTFont(str(path))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def lean_faces() -> tuple[tuple[Face, bytes], ...]:
    """Every face found on this machine with its lean bytes (built once per process)."""
    out = []
    for face in FACES:
        path = find(face)
        if path is not None:
            out.append((face, lean(path)))
    return tuple(out)


def font_face_rules() -> str:
    """@font-face rules for the lean faces, each served from memory by `font_bytes`."""
    rules = []
    for number, (face, _) in enumerate(lean_faces()):
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-style: {face.style}; '
            f'font-weight: {face.weight}; src: url("{SCHEME}:{number}"); }}'
        )
    return "\n".join(rules) + "\n"


def font_bytes(url: str) -> bytes | None:
    """The lean face a `coolclaim-font:n` URL names, or None for any other URL."""
    scheme, _, number = url.partition(":")
    if scheme != SCHEME or not number.isdigit():
        return None
    faces = lean_faces()
    index = int(number)
    return faces[index][1] if index < len(faces) else None
