"""`make calibrate`: the curve behind EVIDENCE_MIN, the evidence under which "nothing found".

Every query of tests/golden/calibration.yaml (a labelled set kept apart from the golden set, so
the threshold is not chosen on the queries that score it) is answered with no threshold; for
each candidate threshold the table shows the share of answerable queries still answered right
in the top three, and the share of unanswerable ones answered "nothing found".
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.eval import EVAL_TODAY, PROJECT, load_golden, ranked_ids

CALIBRATION = PROJECT / "tests" / "golden" / "calibration.yaml"


def curve(path: Path = CALIBRATION) -> list[tuple[float, float, float]]:
    """(threshold, answerable right in top 3 %, unanswerable refused %) rows."""
    import knowledge.historian as historian_module
    from bot.chat import Chat
    from bot.cli import answer_json
    from bot.knowledge_base import open_historian
    from handlers.replies import Place

    queries = load_golden(path)
    rows: list[tuple[object, float | None, bool]] = []  # query, evidence, right in top 3
    chosen = historian_module.EVIDENCE_MIN
    historian_module.EVIDENCE_MIN = 0.0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            historian = open_historian(f"sqlite:///{Path(tmp) / 'calibrate.sqlite3'}")
            for query in queries:
                answer = Chat.local(historian, lambda: EVAL_TODAY).ask(Place(), query.q)
                reply = answer_json(answer)
                target = query.target if query.target != "none" else "events"
                ids = ranked_ids(reply, target)
                found = bool(reply["events"])
                evidence = answer.evidence if found else -1.0
                rows.append((query, evidence, any(i in query.accepted for i in ids[:3])))
    finally:
        historian_module.EVIDENCE_MIN = chosen
    answerable = [r for r in rows if r[0].target != "none"]
    negatives = [r for r in rows if r[0].target == "none"]
    table = []
    for step in range(0, 21):
        threshold = step / 20
        kept = sum(1 for _, e, right in answerable if right and (e is None or e >= threshold))
        refused = sum(1 for _, e, _ in negatives if e is not None and e < threshold)
        table.append((threshold, 100 * kept / max(1, len(answerable)),
                      100 * refused / max(1, len(negatives))))
    return table


def main() -> int:
    from knowledge.historian import EVIDENCE_MIN

    print(f"{'threshold':>9} {'answered right (top-3)':>23} {'unanswerable refused':>21}")
    for threshold, kept, refused in curve():
        mark = "  ← EVIDENCE_MIN" if abs(threshold - EVIDENCE_MIN) < 1e-9 else ""
        print(f"{threshold:9.2f} {kept:23.1f} {refused:21.1f}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
