"""Screenshot a report in headless Debian Chromium, as the README's docs/report.png is made.

    .venv/bin/python tools/screenshot.py report.html docs/report.png [--width 1100] [--height 1450] [--scale 1]

Every request other than file: and data: is refused, so the picture also shows the report working offline.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--width", type=int, default=1100)
    ap.add_argument("--height", type=int, default=1450)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height},
                                device_scale_factor=args.scale)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(args.report.resolve().as_uri())
        page.wait_for_selector("body[data-charts=drawn]")
        page.screenshot(path=str(args.out))
        browser.close()


if __name__ == "__main__":
    main()
