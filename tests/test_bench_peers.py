"""The peers benchmark's own logic: when a peer is skipped, and how the targets are judged (no peers installed)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        return module
    finally:
        sys.path.remove(str(BENCH))


peers = _load("peers")


def test_a_peer_is_skipped_only_when_its_extrapolation_passes_the_budget() -> None:
    prev = {"n": 1000, "seconds": 10.0, "wall": 12.0, "peak_mb": 500.0}
    assert peers.too_big(None, 0, 1000, 600, 8192) is None
    assert peers.too_big(prev, 1000, 5000, 600, 8192) is None
    assert "expected" in peers.too_big(prev, 1000, 100_000, 600, 8192)
    assert "GB expected" in peers.too_big(prev, 1000, 20_000, 10_000, 8192)
    assert "not run" in peers.too_big({"failed": "boom"}, 1000, 5000, 600, 8192)


def test_targets_compare_homeward_with_each_peer_and_the_floor() -> None:
    def row(s: float, mb: float = 100.0) -> dict[str, float]:
        return {"n": 1000, "seconds": s, "cpu": s, "wall": s, "peak_mb": mb}

    results = {1000: {"floor": row(1.0), "homeward-parse": row(1.2), "homeward": row(2.0, 50),
                      "chat-miner": row(30.0), "whatstk": row(4.0)},
               1_000_000: {"floor": row(1.0), "homeward": row(1.4, 900), "homeward-parse": row(1.2)}}
    lines = "\n".join(peers.targets(results, [1000, 1_000_000]))
    assert "chat-miner at 1,000: parse + store 15.0x" in lines and "(met)" in lines
    assert "whatstk at 1,000: parse + store 2.0x" in lines and "(not met)" in lines
    assert "floor at 1,000,000: parse + store 1.40x" in lines
    assert "peak memory under 1 GB at 1,000,000: 900 MB (met)" in lines
    assert "1000x the messages" in lines and "18.0x the peak (met)" in lines
