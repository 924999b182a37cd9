"""The prediction fast path (distinct-message rows, FeatureMemo, packed indices) gives exactly the
scores of the plain path that training uses: same features, same TF-IDF rows, same probabilities."""
from __future__ import annotations

import numpy as np
import pytest

from homeward.signals import load_classifier
from homeward.signals.classifier import FeatureMemo, LinearSignalModel
from homeward.signals.features import (TOKEN, batch_features, english_tokens, message_cues, message_features,
                                       raw_tokens, tokens)

TEXTS = [
    "I don’t wanna talk rn", "ok", "ok", "you NEVER listen 🙄", "remember our song? 😊", "k thx", "¿qué tal?",
    "haha haha haha the the the", "", "   ", "sooooo tired, not coming tonight. no", "ok",
    "'you said' I would", "Я тебя люблю", "la casa es muy grande y no me gusta", "ſo ıt goes",
    "zzqxw unknownword 12345", "❤️❤️❤️", "you NEVER listen 🙄",
]
CONTEXTS = [
    None, "I miss you so much, the house is empty", None, "you always do this", None, "you were late", None,
    None, None, "hello?", "are you coming tonight?", "I miss you so much, the house is empty",
    "you promised", None, None, None, "", None, "you always do this",
]


@pytest.fixture(scope="module")
def model() -> LinearSignalModel:
    clf = load_classifier("default")
    assert isinstance(clf, LinearSignalModel), "the trained artefact is missing: run `make model`"
    return clf


def test_rows_equal_the_training_rows_exactly(model: LinearSignalModel) -> None:
    fast = model._fast_matrix(TEXTS, CONTEXTS).toarray()
    slow = model._matrix(list(batch_features(TEXTS, CONTEXTS))).toarray()
    assert np.array_equal(fast, slow)


def test_repeated_messages_score_like_single_ones(model: LinearSignalModel) -> None:
    together = model.proba_matrix(TEXTS, CONTEXTS)
    one_by_one = np.vstack([model.proba_matrix([t], [c]) for t, c in zip(TEXTS, CONTEXTS)])
    assert np.array_equal(together, one_by_one)
    assert np.array_equal(together[1], together[11])  # same text, same context
    assert not np.array_equal(together[1], together[2])  # same text, another context


def test_decision_function_reports_language_per_message(model: LinearSignalModel) -> None:
    english: list[bool] = []
    scores = model.decision_function(TEXTS, CONTEXTS, english)
    assert scores.shape == (len(TEXTS), len(model.labels))
    assert english == [english_tokens(raw_tokens(t)) for t in TEXTS]
    assert english[14] is False  # the Spanish line is left unlabelled
    assert not model.proba_matrix(TEXTS, CONTEXTS)[14].any()


def test_results_do_not_depend_on_the_memo(model: LinearSignalModel) -> None:
    model.__dict__.pop("_word_ids", None)
    cold = model.proba_matrix(TEXTS, CONTEXTS)
    warm = model.proba_matrix(TEXTS, CONTEXTS)
    assert isinstance(model.__dict__["_word_ids"], FeatureMemo)
    assert np.array_equal(cold, warm)


def test_memo_stops_growing_at_its_limit(model: LinearSignalModel, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FeatureMemo, "LIMIT", 5)
    model.__dict__.pop("_word_ids", None)
    probs = model.proba_matrix(TEXTS, CONTEXTS)
    assert len(model.__dict__["_word_ids"]) == 5
    model.__dict__.pop("_word_ids", None)
    monkeypatch.undo()
    assert np.array_equal(probs, model.proba_matrix(TEXTS, CONTEXTS))


def test_empty_batch(model: LinearSignalModel) -> None:
    assert model.proba_matrix([], []).shape == (0, len(model.labels))
    assert model.decision_function([], []).shape == (0, len(model.labels))


def test_message_cues_with_given_context_tokens_are_the_same() -> None:
    for text, ctx in zip(TEXTS, CONTEXTS):
        toks = tokens(text)
        given = tokens(ctx) if ctx else []
        assert message_cues(toks, text, ctx, given) == message_cues(toks, text, ctx)
        assert message_features(toks, text, ctx)[: max(len(toks) - 1, 0)] == [
            f"b:{a} {b}" for a, b in zip(toks, toks[1:])]


def test_ascii_tokeniser_matches_the_case_insensitive_one() -> None:
    for text in TEXTS + [c for c in CONTEXTS if c]:
        low = text.lower()
        if low.isascii():
            assert raw_tokens(text) == TOKEN.findall(low)
    assert raw_tokens("ſo ıt") == TOKEN.findall("ſo ıt")  # non-ASCII letters IGNORECASE folds still count


def test_refitting_starts_a_new_memo() -> None:
    texts = ["love you", "i miss you", "leave me alone", "stop texting me", "love you too", "miss you"] * 2
    labels = [["affection"], ["missing"], ["distance"], ["barrier"], ["affection"], ["missing"]] * 2
    pytest.importorskip("sklearn")
    model = LinearSignalModel(min_df=1).fit(texts, [None] * len(texts), labels)
    model.proba_matrix(texts, [None] * len(texts))
    old_memo = model.__dict__["_word_ids"]
    model.fit(texts[:6] + ["something else entirely"], [None] * 7, labels[:6] + [[]])
    fresh = model.proba_matrix(texts, [None] * len(texts))
    assert model.__dict__["_word_ids"] is not old_memo
    slow = model.probabilities(np.asarray(model._matrix(list(batch_features(texts, [None] * len(texts)))) @ model.coef_)
                               + model.intercept_)
    assert np.array_equal(fresh, slow)


def test_other_language_function_words_are_words() -> None:
    from homeward.signals.features import OTHER

    assert all(w.isalpha() for w in OTHER)  # english_tokens' shortcut relies on it
