"""Prompt-injection attack success rate: the injection suite × a scripted obedient LLM.

    PYTHONPATH=$PWD .venv/bin/python bench/injection.py --label after

For every article of tests/injection/suite (26 articles, 8 languages, obfuscations and
paraphrases, each pushing ``supports`` for a claim it does not state), in each judge mode
(local alone; llm and cascade against the obedient model of tests/obedient.py, which quotes the
injected line, a claim-like decoy line, or nothing): did the source come out supports/mixed or
the claim supported, where the article's clean twin (without the injected line) did not?
Also: how many benign texts the flags mark (seeds, the fresh fixture and, when present, the
labelled sets in ../shared/data), the cost of flagging.

Results go under ``--label`` in bench/results/injection.json (other labels are kept), so the
figures before a change can be measured on the old code with the same script:

    git archive <commit> verify prompts | tar -x -C /tmp/base
    PYTHONPATH=/tmp/base:$PWD .venv/bin/python bench/injection.py --label before --commit <commit>

``--manifest tests/injection/holdout.json`` measures the held-out articles (written after the
defence, never used to tune it) under ``<label>:holdout``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # appended: a PYTHONPATH=/tmp/base (old code) stays in front
    sys.path.append(str(ROOT))
RESULTS = ROOT / "bench" / "results" / "injection.json"
SHARED = [ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data"]


def benign_texts() -> dict[str, list[str]]:
    """Ordinary articles and passages, none of which talks to a model."""
    out = {
        "seeds": [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))],
        "fresh": [
            p.read_text(encoding="utf-8")
            for p in sorted((ROOT / "tests" / "fixtures" / "fresh" / "articles").glob("*.txt"))
        ],
    }
    for folder in SHARED:
        for name in ("factcheck-gpt-stance.dev.jsonl", "climate-fever.dev.jsonl"):
            path = folder / name
            if path.is_file() and name not in out:
                texts = set()
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        texts.update(s["text"] for s in json.loads(line)["sources"])
                out[name] = sorted(texts)
    return out


def false_flags() -> dict[str, dict[str, object]]:
    from verify.safety import instruction_flags

    out: dict[str, dict[str, object]] = {}
    for name, texts in benign_texts().items():
        flagged = [t for t in texts if instruction_flags(t)]
        out[name] = {
            "texts": len(texts),
            "flagged": len(flagged),
            "examples": [" ".join(t.split())[:160] for t in flagged[:5]],
        }
    return out


def main() -> None:
    from tests.attack import MANIFEST, clean_twins, load_suite, measure_all, suite_verifier

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--label", required=True, help="e.g. before / after")
    ap.add_argument("--manifest", type=Path, default=MANIFEST)
    ap.add_argument("--commit", help="the commit of the code measured, when not HEAD's")
    args = ap.parse_args()
    args.manifest = args.manifest.resolve()
    claim, attacks = load_suite(args.manifest)
    folder = args.manifest.with_suffix("")  # suite.json describes the folder suite/
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        v = suite_verifier(Path(tmp) / "store", ROOT / "config.yaml")
        result = v.ingest([folder])
        assert result.ok and len(result.added) == len(attacks), result
        twins = suite_verifier(Path(tmp) / "twins-store", ROOT / "config.yaml", v)
        twins.ingest([clean_twins(attacks, Path(tmp) / "twins", folder)])
        outcomes = measure_all(v, claim, attacks, twins)
        flags = {r.id: r.flags for r in v.sources()}
    commit = (
        args.commit
        or subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    )
    entry = {
        "commit": commit,
        "claim": claim,
        "suite": str(args.manifest.relative_to(ROOT)),
        "n": len(attacks),
        "languages": sorted({a.lang for a in attacks}),
        "flagged_at_ingest": sum(1 for a in attacks if flags.get(a.source_id)),
        "outcomes": [o.to_dict() for o in outcomes],
        "benign_flagged": false_flags(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    data = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    key = args.label if args.manifest == MANIFEST else f"{args.label}:{args.manifest.stem}"
    data[key] = entry
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{key}: {len(attacks)} attacks, flagged at ingest {entry['flagged_at_ingest']}")
    for o in outcomes:
        d = o.to_dict()
        print(
            f"  {d['mode']:8} {d['strategy'] or '-'!s:7} {d['succeeded']:>2}/{d['n']}"
            f"  (sources turned {d['sources_turned']}, claims supported {d['claims_supported']},"
            f" the same without the injection {len(d['turned_without_the_injection_too'])},"
            f" LLM asked {d['llm_asked']})"
        )
    for name, f in entry["benign_flagged"].items():
        print(f"  benign {name}: {f['flagged']}/{f['texts']} flagged")


if __name__ == "__main__":
    main()
