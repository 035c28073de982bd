"""``training.head`` reads the classifier's input through a copy of the shipped graph: the
shipped classifier applied to it must give the shipped scores, or a refit last layer would be
measured on another model's view of the pairs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from training import head
from verify.judges.local import StanceModel


def test_the_classifier_input_gives_the_shipped_scores(tmp_path: Path) -> None:
    pairs = [
        ("Three workers died in the fire.", "Nobody was hurt when the warehouse burned down."),
        ("The bridge reopened on Monday.", "The bridge reopened to traffic on Monday morning."),
    ]
    states = head.StateModel(work=tmp_path).states(pairs)
    h = head.Head.of(head.SHIPPED_DIR / "model.onnx")
    probs = head.softmax(h.hidden(states) @ h.w2 + h.b2)
    shipped = StanceModel(head.SHIPPED_DIR).predict(pairs, cache=False)
    assert np.abs(probs - shipped).max() < 1e-3
    assert probs.argmax(1).tolist() == [1, 0]  # refutes, supports
