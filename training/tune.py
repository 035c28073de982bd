"""Tune the local judge's decision settings on claims the verifier never trained on and that are
not held out: the training dev slice of each shared set, and the seed fixture's ``dev`` split.

    .venv/bin/python -m training.tune            # writes training/tuning.json

The grid covers the supports/refutes thresholds and the word-overlap gate; the objective is the
mean per-source macro-F1 over the three dev sets. Model scores and embeddings are cached across
the grid, so only the first setting pays for inference.
"""

from __future__ import annotations

import itertools
import json
import tempfile
import time
from pathlib import Path

from training.data import CLIMATE, FACTCHECK, _bucket
from verify import Verifier
from verify.config import Settings
from verify.datasets import is_held_out
from verify.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "tuning.json"
SEED_CLAIMS = ROOT / "tests" / "fixtures" / "seed_claims.jsonl"
GRID = {
    "judge.supports_threshold": [0.5, 0.65],
    "judge.refutes_without_cue": [0.7, 0.85, 1.01],
    "judge.min_overlap": [0.2, 0.35],
    "judge.mixed_margin": [0.15],
}


def dev_slice(src: Path, dest: Path) -> Path:
    rows = [
        line
        for line in src.read_text().splitlines()
        if line.strip()
        and not is_held_out(json.loads(line)["id"])
        and _bucket(json.loads(line)["id"], 12) == 0
    ]
    dest.write_text("\n".join(rows) + "\n")
    return dest


def seed_dev(dest: Path) -> Path:
    """The seed fixture's ``dev`` claims (the ``test`` ones are never tuned on)."""
    dest.write_text(
        "\n".join(x for x in SEED_CLAIMS.read_text().splitlines() if '"split": "dev"' in x) + "\n"
    )
    return dest


def dev_sets(work: Path) -> dict[str, Path]:
    """The three tuning sets, written into ``work``: the two shared sets' dev slices and the
    seed fixture's dev split."""
    return {
        "factcheck": dev_slice(FACTCHECK, work / "fc.jsonl"),
        "climate": dev_slice(CLIMATE, work / "cf.jsonl"),
        "seeds": seed_dev(work / "seeds.jsonl"),
    }


def seed_store_verifier(settings: Settings) -> Verifier:
    """A verifier on ``settings.store`` with the seed articles ingested (the seed fixture's
    claims are checked against them)."""
    v = Verifier(settings)
    v.ingest([ROOT / "seeds"])
    return v


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sets = dev_sets(work)
        base = Settings.load(ROOT / "config.yaml", store=work / "seed-store")
        shared = seed_store_verifier(base)
        results = []
        for values in itertools.product(*GRID.values()):
            chosen = dict(zip(GRID, values, strict=True))
            sections: dict[str, dict[str, float]] = {}
            for key, value in chosen.items():
                section, name = key.split(".")
                sections.setdefault(section, {})[name] = value
            s = base.model_copy(
                update={k: getattr(base, k).model_copy(update=v) for k, v in sections.items()}
            )
            v = Verifier(s, embeddings=shared.embeddings, stance_model=shared.stance_model)
            t = time.perf_counter()
            scores = {
                name: evaluate(path, s, "local", split="all", verifier=v).to_dict()["stance"][
                    "macro_f1"
                ]
                for name, path in sets.items()
            }
            mean = sum(scores.values()) / len(scores)
            results.append({"settings": chosen, "scores": scores, "mean": round(mean, 4)})
            print(json.dumps(results[-1]), f"{time.perf_counter() - t:.0f}s", flush=True)
        best = max(results, key=lambda r: r["mean"])
        OUT.write_text(json.dumps({"best": best, "grid": results}, indent=1) + "\n")
        print("best", json.dumps(best))


if __name__ == "__main__":
    main()
