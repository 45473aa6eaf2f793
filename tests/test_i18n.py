"""Both languages carry every string, with the same fields to fill in."""

import re

import pytest

from rnnviz import i18n

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_both_languages_have_the_same_keys():
    assert set(i18n.catalog("en")) == set(i18n.catalog("ko"))
    for key, texts in i18n.STRINGS.items():
        assert set(texts) == set(i18n.LANGUAGES), key


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_translations_take_the_same_fields_and_are_not_empty(key):
    english, korean = i18n.STRINGS[key]["en"], i18n.STRINGS[key]["ko"]
    assert english.strip() and korean.strip()
    assert i18n.placeholders(english) == i18n.placeholders(korean)


@pytest.mark.parametrize("key", sorted(i18n.STRINGS))
def test_korean_strings_are_written_in_korean(key):
    # Every Korean entry has Hangul in it: an English string copied across would fail here.
    assert HANGUL.search(i18n.STRINGS[key]["ko"]), i18n.STRINGS[key]["ko"]


def test_text_fills_fields_and_rejects_unknown_keys_and_languages():
    assert i18n.text("builder.matches_preset", "ko", name="X") == "강의 예제: X"
    with pytest.raises(KeyError):
        i18n.text("no.such.key", "en")
    with pytest.raises(ValueError, match="lang"):
        i18n.catalog("fr")


# ---- keys the code builds at run time ------------------------------------------------------------------------------
def _error_calls() -> list[tuple[str, set[str], str]]:
    """(code, keyword names, where) of every `RnnvizError("code", name=...)` written in the library."""
    import ast
    from pathlib import Path

    calls = []
    for path in sorted(Path(i18n.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "RnnvizError" and node.args:
                calls.append((node.args[0].value, {keyword.arg for keyword in node.keywords},
                              f"{path.name}:{node.lineno}"))
    return calls


def test_every_error_code_raised_has_a_message_taking_exactly_the_values_given():
    calls = _error_calls()
    assert len(calls) > 25
    for code, given, where in calls:
        key = f"error.{code}"
        assert key in i18n.STRINGS, f"{where}: no message {key}"
        assert i18n.placeholders(i18n.STRINGS[key]["en"]) == given, f"{where}: {key} takes other values"


def _runtime_keys() -> dict[str, set[str]]:
    """Every key a page builds from a value (key -> the fields the code fills in)."""
    from rnnviz.figures import notes as figures_notes
    from rnnviz.figures.hidden_states import PANELS
    from rnnviz.forecast import TARGETS
    from rnnviz.gradients import INITS
    from rnnviz.inputs import KINDS
    from rnnviz.lecture_notes import NOTES, hello
    from rnnviz.limits import LimitBreach, check_live_run
    from rnnviz.market import COLUMNS
    from rnnviz.presets import PRESETS
    from rnnviz.spec import LayerSpec
    from rnnviz.ui import layer_controls, stock_views

    breaches = {check_live_run(LayerSpec("LSTM", 1024, 2048, num_layers=8), 1, 1),
                check_live_run(LayerSpec("RNN", 4, 200), 2000, 512)}
    assert all(isinstance(breach, LimitBreach) for breach in breaches)
    keys = {f"limits.{breach.what}": {"value", "limit"} for breach in breaches}
    keys |= {f"preset.{preset.key}": set() for preset in PRESETS}
    for kind in KINDS:
        keys |= {f"input.{kind}.name": set(), f"input.{kind}.explain": {"shape", "dims", "features"},
                 f"input.{kind}.error": {"word_limit", "days"}}
    keys |= {f"panel.{name}": set() for name in PANELS}
    keys |= {f"grad.view_{view}": set() for view in ("input", "hidden")}
    keys |= {f"grad.init_{init}": set() for init in INITS}
    keys |= {f"stock.source_{source}": set() for source in stock_views.SOURCES}
    keys |= {f"stock.target_{target}": set() for target in TARGETS}
    keys |= {f"stock.period_{period}": set() for period in ("train", "validation", "test")}
    keys |= {f"hidden.{name}": set() for name in ("first_step", "first_unit")}
    keys |= {f"hidden.{name}_help": {"shown"} for name in ("first_step", "first_unit")}
    keys |= {f"shape.{name}": set() for name in ("input", "output", "h_n", "c_n")}
    keys |= {f"word.{direction}": set() for direction in ("forward", "backward")}
    keys |= {f"controls.{name}_help": set() for name in layer_controls.FIELDS}
    keys |= {f"notes.{note}.{part}": set() for note in NOTES for part in ("title", "file")}
    keys |= {f"column.{column}": set() for column in COLUMNS}
    keys |= {f"notes.hello.order_{order}": set() for order in hello.ORDERS}
    keys |= {f"notes.digits.baseline_{name}": set() for name in figures_notes.BASELINE_DASHES}
    return keys


def test_every_key_built_at_run_time_exists_and_takes_no_field_the_code_does_not_fill():
    keys = _runtime_keys()
    assert len(keys) > 60
    missing = sorted(key for key in keys if key not in i18n.STRINGS)
    assert missing == []
    for key, filled in keys.items():
        # A template may use fewer fields than the code offers (the word error needs no days), never more.
        assert i18n.placeholders(i18n.STRINGS[key]["en"]) <= filled, key
