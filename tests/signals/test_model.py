"""The shipped default model: loads without scikit-learn, labels plain cases, leaves other languages alone."""
from __future__ import annotations

from importlib import resources

import numpy as np
import pytest

from homeward.signals import load_classifier, thresholds_of
from homeward.signals.classifier import ARTEFACT, LinearSignalModel
from homeward.signals.taxonomy import LABELS


@pytest.fixture(scope="module")
def model() -> LinearSignalModel:
    clf = load_classifier("default")
    assert isinstance(clf, LinearSignalModel), "the trained artefact is missing: run `make model`"
    return clf


def test_artefact_is_small() -> None:
    path = resources.files("homeward.signals") / "model" / ARTEFACT
    assert path.is_file()
    assert path.stat().st_size < 25_000_000


def test_every_label_has_a_threshold_and_calibration(model: LinearSignalModel) -> None:
    th = thresholds_of(model)
    assert set(th) == set(LABELS)
    assert all(0.0 < v < 1.0 for v in th.values())
    assert model.calibration_.shape == (2, len(LABELS))
    assert (model.calibration_[0] > 0).all()  # a higher raw score never means a lower probability


@pytest.mark.parametrize(
    ("text", "context", "label"),
    [
        ("love you so much ❤️", None, "affection"),
        ("miss u so much, the house is empty without u", None, "missing"),
        ("when are you coming home? I need an answer", None, "pressure"),
        ("I need some space, please stop calling me", None, "distance"),
        ("you never listen to me, you're so selfish", None, "criticism"),
        ("k", "I found the photos from our trip to the lake today and cried, I miss us so much", "curt"),
    ],
)
def test_plain_cases(model: LinearSignalModel, text: str, context: str | None, label: str) -> None:
    assert label in model.predict([text], [context])[0]


def test_logistics_get_no_label(model: LinearSignalModel) -> None:
    texts = ["can u grab leo from school tmrw, dentist at 3", "bin day tomorrow", "running 10 min late"]
    assert model.predict(texts, [None] * 3) == [[], [], []]


def test_non_english_is_left_unlabelled(model: LinearSignalModel) -> None:
    probs = model.proba_matrix(["te extraño mucho, no sé qué hacer sin ti en la casa"], [None])
    assert np.all(probs == 0.0)
    assert model.predict(["ich vermisse dich so sehr, komm bitte nach hause zu mir"], [None]) == [[]]


def test_probabilities_are_probabilities(model: LinearSignalModel) -> None:
    probs = model.proba_matrix(["ok", "you're right, I'm sorry", "🙄🙄", ""], [None, "you lied", None, None])
    assert probs.shape == (4, len(LABELS))
    assert ((probs >= 0) & (probs <= 1)).all()


def test_save_load_round_trip(model: LinearSignalModel, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "m.npz"
    model.save(path)
    again = LinearSignalModel.load(path)
    texts = ["love you", "stop texting me", "remember our song?"]
    assert np.allclose(again.proba_matrix(texts, [None] * 3), model.proba_matrix(texts, [None] * 3))
    assert again.thresholds == model.thresholds


def test_fast_path_matches_training_features(model: LinearSignalModel) -> None:
    from homeward.signals.features import batch_features

    texts = ["I don’t wanna talk rn", "ok", "you NEVER listen 🙄", "remember our song? 😊", "k thx", "¿qué tal?"]
    ctxs = [None, "I miss you so much, the house is empty", "you always do this", None, "you were late", None]
    fast = model._fast_matrix(texts, ctxs).toarray()
    slow = model._matrix(list(batch_features(texts, ctxs))).toarray()
    assert np.allclose(fast, slow)


def test_default_is_the_current_version(model: LinearSignalModel) -> None:
    assert ARTEFACT == f"{model.version}.npz" == "linear-v3.npz"


SINCERE = [
    ("you're a star", None),
    ("wow thanks so much", "i picked up the prescription for you on the way"),
    ("sure", None),
    ("perfect", None),
    ("nice one", None),
    ("ah brilliant", None),
    ("that's hilarious", None),
    ("haha that's brilliant", None),
    ("sure no problem", "could you keep them an extra hour on sunday"),
    ("thank you", "i'm really sorry about how i spoke to you yesterday, it wasn't fair"),
]


def test_sincere_short_positives_are_rarely_contempt(model: LinearSignalModel) -> None:
    # issue 5: sarcastic corpus lines had taught "short positive words = contempt" (linear-v2 gave
    # contempt to 9 of these 10); a linear model still slips on some, so allow one or two.
    labels = model.predict([t for t, _ in SINCERE], [c for _, c in SINCERE])
    assert sum("contempt" in ls for ls in labels) <= 2, labels


def test_logistics_requests_are_rarely_pressure(model: LinearSignalModel) -> None:
    texts = ["can you pick up the kids at 5", "could you send me the school form", "need you to sign the trip slip by friday",
             "can you grab theo at 5", "could you drop her pe kit in tomorrow", "can u bring his inhaler on sat"]
    # linear-v2 and linear-v3 both label only the first one pressure; this guards against a relapse
    labels = model.predict(texts, [None] * len(texts))
    assert sum("pressure" in ls for ls in labels) <= 1, labels


def test_sarcasm_with_clear_cues_is_still_contempt(model: LinearSignalModel) -> None:
    texts = ["oh wow, thanks SO much for your help 🙄", "wow. just wow. real classy", "great parenting as usual"]
    assert all("contempt" in labels for labels in model.predict(texts, [None] * 3))
