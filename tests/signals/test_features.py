"""Feature extraction: texting spellings fold together, negation and shape cues fire where meant."""
from __future__ import annotations

from homeward.signals.features import canon, features, looks_english, tokens


def test_curly_and_missing_apostrophes_fold_to_one_token() -> None:
    assert tokens("I don’t know") == tokens("i dont know") == tokens("I don't know") == ["i", "don't", "know"]


def test_texting_abbreviations_expand() -> None:
    assert tokens("luv u, c u tmrw") == ["love", "you", ",", "c", "you", "tomorrow"]
    assert tokens("wanna") == ["want", "to"]


def test_letter_repeats_fold() -> None:
    assert canon("sooooo") == ("soo",)
    assert canon("pleeeease") == ("pleease",)


def test_negation_scope_marks_following_words_until_punctuation() -> None:
    keys = features("i dont need space. call me", None)
    assert "n:need" in keys and "n:space" in keys
    assert "n:call" not in keys
    assert not any(k.startswith("n:") for k in features("i need space", None))


def test_context_words_are_separate_features() -> None:
    keys = features("ok", "i miss you so much")
    assert "x:miss" in keys and "w:miss" not in keys


def test_caps_stress_only_in_mixed_case_text() -> None:
    assert "m:caps_word" in features("you did ONE school run", None)
    assert "m:caps_word" not in features("WHERE ARE THE KEYS", None)
    assert "m:caps_word" not in features("OK see you at 5", None)


def test_you_then_i_cue_needs_an_accusing_context() -> None:
    assert "m:you_then_i" in features("i was at work", "you missed her recital")
    assert "m:you_then_i" not in features("i was at work", None)


def test_looks_english() -> None:
    assert looks_english("can u grab leo from school tmrw")
    assert looks_english("ok")  # too short to tell: treated as English
    assert not looks_english("no sé si puedo ir mañana, tengo que trabajar por la tarde")
    assert not looks_english("ich weiß nicht ob ich das mit dir schaffe")
