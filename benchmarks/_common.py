"""Shared by every benchmark: the machine description and writing one section of benchmarks/README.md.

Each benchmark owns one section, delimited by ``<!-- NAME -->`` and ``<!-- /NAME -->``, and rewrites
only that section, so `make bench` can run them in any order and the README keeps the rest.
"""
from __future__ import annotations

import os
import platform
import re
from pathlib import Path

README = Path(__file__).resolve().parent / "README.md"


def machine() -> str:
    """One line naming the machine the figures came from."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def write_section(name: str, markdown: str, readme: Path = README) -> None:
    """Replace the text between ``<!-- name -->`` and ``<!-- /name -->`` (appending the pair if absent)."""
    text = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{start}\n{markdown.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")
