"""What a rule change does to the dev sets, source by source, without a full capture.

A capture with the verifier's scores (``training.sources``) takes MPNet about fifteen minutes
per hand-written set on two cores, three and a half hours for the fifteen dev sets, and lives
in ``training/work/`` (not committed: a new checkout has none). But a rule reads words, not
scores: a source whose sentences get the same cues under two versions of the code gets the
same decision from both. So:

1. ``capture``: every source's sentences, contexts and titles as the judge reads them, with
   the verifier replaced by a constant "none" (minutes: only retrieval runs);
2. ``compare``: the cues under this tree's code and under ``--base`` (another checkout, each
   read in its own process), the verifier's scores for the sources whose cues differ (kept in
   ``--cache`` for the next comparison), and both versions' decisions on those sources.

What it prints is exact for the shipped settings, not a replay's estimate: each source that
changes, its gold label and both decisions, and the count fixed and broken per set. What it
cannot give is a macro-F1, which needs every source's decision (a full capture).

    python -m training.cue_diff capture --out training/work/text.pkl
    python -m training.cue_diff compare training/work/text.pkl --base /tmp/base-tree \
        --cache training/work/pair-probs.pkl --out training/experiments/stopNN-diff.json
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

Key = tuple[str, int]


def _fake_verifier() -> None:
    """Every pair scored "none", the model never loaded: the capture keeps the texts only."""
    from verify.judges import local

    def predict(self: Any, pairs: list[tuple[str, str]], *, cache: bool = True) -> np.ndarray:
        out = np.zeros((len(pairs), 3), dtype=np.float32)
        out[:, 2] = 1.0
        return out

    local.StanceModel.predict = predict  # type: ignore[method-assign]
    local.StanceModel._load = lambda self: None  # type: ignore[method-assign]


def _load(path: Path) -> dict[str, Any]:
    from training.sweep import recue

    capture: dict[str, Any] = pickle.loads(path.read_bytes())
    recue(capture)  # this process's rules
    return capture


def _set(cues: dict[str, Any]) -> dict[str, Any]:
    """The cues a sentence has (a flag added to ``Cues``, off, changes nothing)."""
    return {k: v for k, v in cues.items() if v is not None and v is not False}


def _cues(capture_path: Path, out: Path) -> None:
    """Each source's cues as this process's code reads them."""
    capture = _load(capture_path)
    cues = {
        (name, i): None
        if row["feat"] is None
        else [(s["text"], _set(s["cues"]), s.get("bare")) for s in row["feat"]["sentences"]]
        for name, data in capture.items()
        for i, row in enumerate(data["rows"])
    }
    out.write_bytes(pickle.dumps(cues))


def _sentence_pairs(claim: str, sent: dict[str, Any]) -> tuple[Any, Any]:
    """What the capture sent the verifier for one sentence: the sentence with its context,
    and its bare statement (None where it has none)."""
    from verify.judges.pairs import format_pair

    bare = sent.get("bare")
    return (
        format_pair(claim, sent["text"], sent["context"]),
        None if bare is None else format_pair(claim, bare, sent["context"]),
    )


def _pairs(feat: dict[str, Any], *read: Any) -> list[tuple[str, str]]:
    """The pairs to score for a source: each sentence with its context, and its second
    readings (:func:`verify.judges.decision.second_reading`): those each tree's ``_cues``
    recorded, or without them the one the capture scored."""
    readings = [{text: bare for text, _, bare in cues} for cues in read if cues is not None]
    out = []
    for s in feat["sentences"]:
        out.append(_sentence_pairs(feat["claim"], s)[0])
        bares = {r.get(s["text"]) for r in readings} if readings else {s.get("bare")}
        for bare in sorted(b for b in bares if b is not None):
            out.append(_sentence_pairs(feat["claim"], {**s, "bare": bare})[1])
    return out


def _decide(capture_path: Path, scored: Path, out: Path) -> None:
    """This process's decisions on the changed sources, with the verifier's real scores."""
    from training.sweep import SHIPPED, decide

    capture = _load(capture_path)
    keys, probs = pickle.loads(scored.read_bytes())
    decisions = {}
    for name, i in keys:
        f = capture[name]["rows"][i]["feat"]
        for s in f["sentences"]:
            text, bare = _sentence_pairs(f["claim"], s)  # this tree's second reading
            s["probs"] = probs[text]
            s["bare_probs"] = None if bare is None else probs[bare]
        decisions[(name, i)] = decide(f, dict(SHIPPED))
    out.write_bytes(pickle.dumps(decisions))


def _run(tree: Path, *args: str) -> None:
    """One step in another process, importing ``verify`` and ``training.sweep`` from ``tree``
    (this file is run by its path: ``-m`` would put the working directory first)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    subprocess.run([sys.executable, __file__, *args], check=True, env=env, cwd=tree)


def compare(capture_path: Path, base: Path, cache_path: Path | None) -> dict[str, Any]:
    here = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        _run(base, "_cues", str(capture_path), str(work / "base"))
        _run(here, "_cues", str(capture_path), str(work / "new"))
        old, new = (pickle.loads((work / n).read_bytes()) for n in ("base", "new"))
        changed: list[Key] = [k for k in old if old[k] != new[k]]
        capture = pickle.loads(capture_path.read_bytes())
        pairs = sorted(
            {
                p
                for k in changed
                for p in _pairs(capture[k[0]]["rows"][k[1]]["feat"], old[k], new[k])
            }
        )
        cache: dict[tuple[str, str], list[float]] = {}
        if cache_path and cache_path.exists():
            cache = pickle.loads(cache_path.read_bytes())
        todo = [p for p in pairs if p not in cache]
        print(f"{len(changed)} sources read otherwise; {len(pairs)} pairs, {len(todo)} to score")
        if todo:
            from verify.judges.local import StanceModel

            scores = StanceModel().predict(todo)
            cache.update({p: scores[j].tolist() for j, p in enumerate(todo)})
            if cache_path:
                cache_path.parent.mkdir(parents=True, exist_ok=True)
                cache_path.write_bytes(pickle.dumps(cache))
        (work / "scored").write_bytes(pickle.dumps((changed, {p: cache[p] for p in pairs})))
        _run(base, "_decide", str(capture_path), str(work / "scored"), str(work / "base-d"))
        _run(here, "_decide", str(capture_path), str(work / "scored"), str(work / "new-d"))
        before, after = (pickle.loads((work / n).read_bytes()) for n in ("base-d", "new-d"))
    moved = []
    tally: Counter[str] = Counter()
    for name, i in changed:
        a, b = before[(name, i)], after[(name, i)]
        if a == b:
            continue
        row = capture[name]["rows"][i]
        gold = row["gold"]
        kind = "fixed" if b == gold else "broken" if a == gold else "moved"
        tally[f"{name} {kind}"] += 1
        moved.append(
            {
                "set": name,
                "claim_id": row["claim_id"],
                "source": row["feat"]["source"],
                "claim": row["feat"]["claim"],
                "gold": gold,
                "before": a,
                "after": b,
                "kind": kind,
            }
        )
    return {
        "sources_read_otherwise": len(changed),
        "sources": sum(len(d["rows"]) for d in capture.values()),
        "fixed": sum(m["kind"] == "fixed" for m in moved),
        "broken": sum(m["kind"] == "broken" for m in moved),
        "by_set": dict(sorted(tally.items())),
        "moved": moved,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("_cues", "_decide"):  # steps run by ``compare``
        step, *paths = sys.argv[1:]
        (_cues if step == "_cues" else _decide)(*map(Path, paths))  # type: ignore[operator]
        return
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture", help="every source's sentences, without the verifier")
    cap.add_argument("--out", type=Path, required=True)
    cap.add_argument("--sets", default=None, help="comma-separated (default: the dev sets)")
    cmp_ = sub.add_parser("compare", help="this tree's rules against another tree's")
    cmp_.add_argument("capture", type=Path)
    cmp_.add_argument("--base", type=Path, required=True, help="the other checkout's root")
    cmp_.add_argument("--cache", type=Path, default=None, help="scored pairs, kept between runs")
    cmp_.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    if args.command == "capture":
        from training import sources
        from training.sweep import DEV

        _fake_verifier()
        sys.argv = [sys.argv[0], "--out", str(args.out), "--sets", args.sets or ",".join(DEV)]
        sources.main()
        return
    report = compare(args.capture.resolve(), args.base.resolve(), args.cache)
    for m in report["moved"]:
        print(
            f"{m['kind']:6} {m['set']:12} {m['claim_id']} {m['source'][:28]:28} gold {m['gold']}:"
            f" {m['before']} -> {m['after']} | {m['claim'][:80]}"
        )
    print(json.dumps({k: report[k] for k in ("fixed", "broken", "by_set")}))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
