"""Screenshots and print previews for docs/images/, from a built site.

    .venv/bin/python scripts/screenshots.py [OUTPUT]   (default: output/)

Takes phone (360 px) and desktop (1280 px) screenshots of an English and an Urdu session
page and of a filtered library page in Debian's Chromium, and renders the first page of one
English and one Urdu worksheet and demo card to PNG with pdftoppm.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

IMAGES = REPO / "docs/images"
SHOWN = "sound-hunt"  # the session the docs show, when it is translated: a sheet with pictures


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "output"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    translated = sorted(p["session"] for p in manifest["pages"]
                        if p["kind"] == "session" and p["locale"] == "ur" and not p.get("fallback"))
    session = SHOWN if SHOWN in translated else translated[0]
    shots = {
        "session-en": f"en/sessions/{session}.html",
        "session-ur": f"ur/sessions/{session}.html",
        "library-filtered-en": "en/library.html#strand=numeracy,science&age=3",
        "library-search-ur": "ur/library.html#q=" + "کھیل",
    }
    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for device, width, height in (("phone", 360, 780), ("desktop", 1280, 900)):
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in shots.items():
                page.goto((out / path.split("#")[0]).as_uri() + ("#" + path.split("#")[1] if "#" in path else ""))
                page.wait_for_timeout(300)
                page.screenshot(path=str(IMAGES / f"{name}-{device}.png"), full_page=False)
            page.close()
        browser.close()
    pdfs = {p["path"]: p for p in manifest["pdfs"]}
    for kind, suffix in (("worksheet", "worksheets"), ("demo", "demo")):
        for locale in ("en", "ur"):
            pdf = out / f"pdf/{locale}/{session}-{suffix}.pdf"
            assert f"pdf/{locale}/{session}-{suffix}.pdf" in pdfs, pdf
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1", str(pdf),
                            str(IMAGES / f"{kind}-{locale}")], check=True)
    print(f"wrote {len(list(IMAGES.glob('*.png')))} images into {IMAGES}")


if __name__ == "__main__":
    main()
