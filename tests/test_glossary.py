"""Every Korean text follows docs/glossary.md: one word per idea (시점 for a time step, 스텝 for a training step,
단계 for a lesson's step, 층 for a level of the stack and 레이어 for the module, 기울기 for the gradient only,
표준화 for scaling)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
STRINGS = tomllib.loads((ROOT / "rnnviz" / "strings.toml").read_text(encoding="utf-8"))
COURSE = tomllib.loads((ROOT / "rnnviz" / "lessons" / "course.toml").read_text(encoding="utf-8"))

LESSON_KEYS = re.compile(r"^(lesson\.|lessons\.|handout\.|error\.lesson_|page\.lessons)")
TRAINING_ENGLISH = re.compile(r"train|adam|epoch", re.IGNORECASE)
GRADIENT_ENGLISH = re.compile(r"gradient|vanishing|dL/d", re.IGNORECASE)
NUMBERED_LAYER = re.compile(r"(\d|\}|번|마지막|맨 ?위|아래|각|쌓은)\s?레이어")
MODULE_AS_LEVEL = re.compile(r"(^|[\s(])(이|그|화면의|학습된|학습한|만든|순환|양방향|단방향|Linear)\s층")


def texts() -> list[tuple[str, str, str]]:
    """(where, English, Korean) for every catalogue entry and every course step's caption."""
    found = [(key, entry.get("en", ""), entry["ko"]) for key, entry in STRINGS.items()
             if isinstance(entry, dict) and "ko" in entry]
    for number, step in enumerate(COURSE["steps"]):
        found.append((f"course step {number}", step["caption"]["en"], step["caption"]["ko"]))
    return found


TEXTS = texts()


def never_words() -> list[str]:
    """The glossary table's last column, every word in it."""
    words = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("idea", "---"):
            words += [word.strip() for word in cells[3].split(",") if word.strip()]
    return words


def violations(rule) -> list[str]:
    return [f"{where}: {korean[:120]}" for where, english, korean in TEXTS if rule(where, english, korean)]


def test_the_glossary_table_is_read():
    words = never_words()
    assert {"시간 단계", "정규화", "그래디언트"} <= set(words)
    assert len(TEXTS) > 500 and any(where.startswith("course step") for where, _, _ in TEXTS)


@pytest.mark.parametrize("word", never_words())
def test_no_korean_text_uses_a_word_the_glossary_rules_out(word):
    assert not violations(lambda where, english, korean: word in korean)


def test_dangye_is_only_a_lessons_step():
    assert not violations(lambda where, english, korean: "단계" in korean and not LESSON_KEYS.match(where))


def test_seuthep_is_only_a_training_step():
    assert not violations(lambda where, english, korean: "스텝" in korean and not TRAINING_ENGLISH.search(english))


def test_every_time_step_is_sijeom():
    assert not violations(lambda where, english, korean: "time step" in english.lower() and "시점" not in korean)


def test_giulgi_is_the_gradient_and_the_gradient_is_giulgi():
    assert not violations(lambda where, english, korean: "기울기" in korean and not GRADIENT_ENGLISH.search(english))
    # A cited English title stays English in both languages.
    assert not violations(lambda where, english, korean: "gradient" in english.lower() and "기울기" not in korean
                          and "gradient" not in korean.lower())


def test_a_level_of_the_stack_is_cheung_and_the_module_is_leieo():
    assert not violations(lambda where, english, korean: NUMBERED_LAYER.search(korean))
    assert not violations(lambda where, english, korean: MODULE_AS_LEVEL.search(korean))


def test_the_rules_catch_the_old_wording():
    # The strings as they read before the glossary: each rule fails on one of them.
    assert "시간 단계" in never_words()
    assert not LESSON_KEYS.match("trained.training")  # "학습 중: {steps}단계 중 {step}단계"
    assert MODULE_AS_LEVEL.search("화면의 층으로 torch가 정답을 계산하고")
    assert NUMBERED_LAYER.search("마지막 레이어의 상태") and not NUMBERED_LAYER.search("이 레이어의 상태")
    assert not TRAINING_ENGLISH.search("Which cell passes the most gradient back {distance} steps")
