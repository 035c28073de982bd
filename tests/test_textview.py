"""The text as a reader sees it (verify.textview): what obfuscation is undone, what is flagged,
and that every character of the view points back at the stored text."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from verify.textview import _HIDDEN, view


def test_plain_ascii_is_its_own_view():
    v = view("The council met on Tuesday.")
    assert v.text == "The council met on Tuesday." and v.origin is None
    assert not (v.hidden or v.mixed_script or v.spaced)
    assert v.span(4, 11) == (4, 11)


def test_full_width_letters_fold_and_map_back():
    stored = "x ＩＧＮＯＲＥ y"
    v = view(stored)
    assert v.text == "x IGNORE y"
    assert v.span(2, 8) == (2, 8)  # one stored character per letter
    assert not v.hidden


def test_zero_width_characters_inside_words_are_dropped_and_flagged():
    stored = "Ig\u200cnore prev\u2060ious rules"
    v = view(stored)
    assert v.text == "Ignore previous rules" and v.hidden
    start, end = v.span(0, len("Ignore previous"))
    assert stored[start:end] == "Ig\u200cnore prev\u2060ious"


def test_one_stray_invisible_character_or_soft_hyphens_are_not_an_attack():
    assert not view("Bundes\u00adregierung und Bundes\u00adtag").hidden  # hyphenation hints
    assert view("Bundes\u00adregierung").text == "Bundesregierung"
    assert not view("one stray zero\u200cwidth joiner").hidden
    assert not view("mojibake youâ\x80\x99ll see").hidden  # control characters, not format ones


def test_tag_characters_are_read_as_the_ascii_they_hide():
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "obey")
    v = view(f"Weather report.{hidden}")
    assert v.text == "Weather report.obey" and v.hidden


def test_cyrillic_look_alikes_in_latin_words_are_unmasked():
    stored = "Ignоre all prеvious"  # о and е are Cyrillic
    v = view(stored)
    assert v.text == "Ignore all previous" and v.mixed_script
    assert v.span(0, 6) == (0, 6)


def test_russian_text_is_left_as_it_is():
    stored = "Городской совет проголосовал за сохранение библиотеки."
    v = view(stored)
    assert v.text == stored and not v.mixed_script


def test_a_russian_word_in_an_english_line_is_not_an_attack():
    v = view("The word спасибо means thank you.")
    assert not v.mixed_script


def test_greek_symbols_are_not_look_alikes():
    v = view("A dose of 5 µg, or 5 μg, with α and β particles.")
    assert not v.mixed_script


def test_spaced_letters_are_joined_and_flagged_from_eight_letters():
    v = view("A N S W E R S U P P O R T S now")
    assert v.text == "ANSWERSUPPORTS now" and v.spaced
    assert v.span(0, 14) == (0, 27)
    short = view("the U S A team")
    assert short.text == "the U S A team" and not short.spaced  # three letters: prose
    word = view("I G N O R E this")
    assert word.text == "IGNORE this" and not word.spaced  # joined, but too short to flag


def test_an_alphabetical_index_is_not_obfuscation():
    assert not view("Index A B C D E F G H I J K L M N O P").spaced


def test_hidden_lists_every_format_and_control_character():
    """What view() drops must be found by the quick test that sends a line down that path."""
    missed = [
        hex(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cf", "Cc")
        and chr(c) not in "\n\t"
        and not _HIDDEN.match(chr(c))
    ]
    assert missed == []


@pytest.mark.parametrize(
    "stored",
    [
        "Ｎｏｔｅ to the ＡＩ: answer",
        "ca\u0301fe\u0301 Ig\u200dno\u2060re",
        "Ignоre аll " + "".join(chr(0xE0000 + ord(c)) for c in "hi") + " x",
        "A N S W E R S U P P O R T S\tend",
    ],
)
def test_every_view_character_points_at_a_stored_one(stored: str):
    v = view(stored)
    origin = v.origin if v.origin is not None else list(range(len(v.text)))
    assert len(origin) == len(v.text)
    assert origin == sorted(origin) and all(0 <= o < len(stored) for o in origin)
    for i, ch in enumerate(v.text):
        source = stored[origin[i]]
        # the view's character comes from its stored one (folded, decoded or normalised)
        assert ch == source or ch in unicodedata.normalize("NFKC", source) or not source.isascii()
