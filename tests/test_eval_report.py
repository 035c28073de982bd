"""What `verify eval` prints: the right-passage figure next to macro-F1, and claims whose gold
verdict it cannot score said so (stop 34: a tester found both missing)."""

from __future__ import annotations

from rich.console import Console

from verify.evaluate import EvalResult, _score, _score_quotes, gold_verdict
from verify.models import Evidence, Report, SourceVerdict
from verify.report.metrics import render_eval


def _run(evidence: dict | None, verdict_n: int) -> dict:
    per_class = {
        c: {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
        for c in ("supports", "refutes", "none")
    }
    confusion = {g: {p: 0 for p in ("supports", "refutes", "none")} for g in per_class}
    run = {
        "file": "claims.jsonl",
        "judge": "local",
        "claims": 20,
        "sources": 140,
        "seconds": 1.0,
        "sources_per_second": 140.0,
        "stance": {
            "per_class": per_class,
            "macro_f1": 0.5,
            "balanced_accuracy": 0.5,
            "accuracy": 0.5,
            "confusion": confusion,
        },
        "verdict": {"accuracy": 0.6, "n": verdict_n, "confusion": {}},
        "usage": {"calls": 0},
    }
    if evidence is not None:
        run["evidence"] = evidence
    return run


def _text(run: dict) -> str:
    console = Console(width=200, record=True)
    console.print(render_eval(run))
    return console.export_text()


def test_the_right_passage_figure_is_printed():
    text = _text(_run({"n": 43, "hits": 27, "hit_rate": 0.6279}, 20))
    assert (
        "right passage quoted: 27 of 43 sources labelled supports or refutes (63%): a hit is "
        "the right stance with a gold passage among its quotes"
    ) in text
    assert "not scored" not in text


def test_no_gold_quotes_no_figure():
    assert "right passage quoted" not in _text(_run(None, 20))


def test_claims_without_a_known_verdict_are_said_to_be_left_out():
    text = _text(_run(None, 18))
    assert "(n=18; 2 claims without a known verdict label not scored)" in text


def test_not_mentioned_is_the_verdict_no_evidence():
    assert gold_verdict("not_mentioned") == "not_enough_evidence"
    assert gold_verdict("refuted") == "refuted"
    assert gold_verdict("Refuted ") == "refuted"
    assert gold_verdict(None) is None


def _report(stance: str, quote: str) -> Report:
    ev = [Evidence(quote=quote, start=0, end=len(quote), stance=stance, score=0.9)]
    sv = SourceVerdict(source_id="a", stance=stance, evidence=ev)
    return Report(claim="c", verdict="supported", sources=[sv], judge_mode="local")


def test_a_right_stance_with_another_passage_is_kept_as_a_passage_miss():
    gold_quote = "The union is seeking a 9% pay rise over two years."
    shown = "Management has offered 4%, the hospital said."
    result = EvalResult(file="f", judge="local")
    _score_quotes(result, _report("supports", shown), {"a": "supports"}, {"a": [gold_quote]}, "7")
    assert (result.evidence_sources, result.evidence_hits) == (1, 0)
    assert result.to_dict()["passage_misses"] == [
        {"id": "7", "source": "a", "stance": "supports", "shown": [shown], "gold": [gold_quote]}
    ]


def test_a_gold_passage_shown_is_a_hit_and_no_miss():
    gold_quote = "The union is seeking a 9% pay rise over two years."
    result = EvalResult(file="f", judge="local")
    _score_quotes(
        result, _report("supports", gold_quote), {"a": "supports"}, {"a": [gold_quote]}, "7"
    )
    assert (result.evidence_hits, result.passage_misses) == (1, [])


def test_an_error_keeps_the_quotes_shown():
    shown = "Management has offered 4%, the hospital said."
    result = EvalResult(file="f", judge="local")
    _score(result, _report("refutes", shown), {"a": "supports"}, None, "7")
    assert result.errors == [
        {"id": "7", "source": "a", "gold": "supports", "pred": "refutes", "shown": [shown]}
    ]


def test_a_saved_run_keeps_every_error_up_to_200():
    """Two saved runs are compared source by source: a run that kept only its first 50 errors
    made a source seem to move when only the window had (stop 49)."""
    shown = "Management has offered 4%, the hospital said."
    result = EvalResult(file="f", judge="local")
    for i in range(230):
        _score(result, _report("refutes", shown), {"a": "supports"}, None, str(i))
    saved = result.to_dict()["errors"]
    assert len(saved) == 200
    assert [e["id"] for e in saved] == [str(i) for i in range(200)]
