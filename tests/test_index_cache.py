"""The index cache: a process that starts to answer one question loads the index a first
process built, and what it loads is freed when dropped (it is frozen out of the collector's
sight, so a reference cycle in it would leak on every reload)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from knowledge import index as index_module
from knowledge.index import cached_index

PROJECT = Path(__file__).resolve().parent.parent


def test_a_second_process_loads_the_index_the_first_built(real_engine: Engine, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    built = cached_index(real_engine, tmp_path)
    assert list(tmp_path.glob("index-*.pickle")), "the first build left no cache"

    def no_build(_engine: Engine) -> None:
        raise AssertionError("the index was built again instead of loaded")

    monkeypatch.setattr(index_module, "build_index", no_build)
    loaded = cached_index(real_engine, tmp_path)
    assert [e.id for e in loaded.events] == [e.id for e in built.events]
    assert loaded.entities.keys() == built.entities.keys()
    assert gc.isenabled(), "the collector was left off after the load"


def test_a_damaged_cache_is_built_again(real_engine: Engine, tmp_path: Path) -> None:
    first = cached_index(real_engine, tmp_path)
    for path in tmp_path.glob("index-*.pickle"):
        path.write_bytes(path.read_bytes()[:1000])  # cut short, as by a full disk
    again = cached_index(real_engine, tmp_path)
    assert len(again.events) == len(first.events)


def test_a_loaded_index_is_freed_by_reference_counting_alone(real_engine: Engine,
                                                             tmp_path: Path) -> None:
    """In a fresh interpreter: load (which freezes), drop, and count what stays frozen."""
    cached_index(real_engine, tmp_path)  # builds and caches
    script = f"""
import gc, sys
from sqlalchemy import create_engine
from knowledge.index import cached_index
engine = create_engine({str(real_engine.url)!r})
gc.collect()
before = len(gc.get_objects())
from pathlib import Path
loaded = cached_index(engine, Path({str(tmp_path)!r}))
frozen = gc.get_freeze_count() - before
gc.disable()  # only reference counts may free it
del loaded
left = gc.get_freeze_count() - before
print(frozen, left)
"""
    run = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True,
                         text=True, check=True)
    frozen, left = map(int, run.stdout.split())
    assert frozen > 10_000, "the load froze nothing: the index was built, not loaded"
    assert left < frozen // 20, f"{left} of {frozen} loaded objects outlived the index"
