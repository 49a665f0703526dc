"""Draw a reproducible, era-stratified random sample of events for a verification pass.

A checker who did not write the entries needs a sample nobody chose by hand; a fixed seed
lets anyone redraw exactly the same events from the same data files.
Usage: python knowledge/verification/draw_events.py [SEED] [PER_ERA]
"""

import random
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
ERAS = [(1999, 2006), (2007, 2011), (2012, 2014), (2015, 2017),
        (2018, 2019), (2020, 2022), (2023, 2023), (2024, 2025)]


def load_events() -> list[tuple[str, str, str]]:
    """Every event as (id, date, file name), sorted so the draw does not depend on file order."""
    events = []
    for path in sorted(DATA.glob("*.yaml")):
        for event in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("events") or []:
            events.append((event["id"], str(event["date"]), path.name))
    return sorted(events)


def draw(seed: int, per_era: int) -> list[tuple[tuple[int, int], list[tuple[str, str, str]]]]:
    """Sample per_era events from each era with one seeded generator, eras in order."""
    rng = random.Random(seed)
    events = load_events()
    sample = []
    for low, high in ERAS:
        pool = [e for e in events if low <= int(e[1][:4]) <= high]
        sample.append(((low, high), sorted(rng.sample(pool, min(per_era, len(pool))))))
    return sample


if __name__ == "__main__":
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 20261201
    per_era = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    for (low, high), picked in draw(seed, per_era):
        print(f"# era {low}-{high}: drew {len(picked)}")
        for event_id, date, file in picked:
            print(f"{event_id}\t{date}\t{file}")
