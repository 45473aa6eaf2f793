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


def test_every_field_in_the_catalogue_is_a_name_so_every_string_formats():
    """A brace that is not a field (TeX-like `output_{T-1}`) would be read as one: written `{{` or as <sub>."""
    import string

    for key, texts in i18n.STRINGS.items():
        for lang, template in texts.items():
            fields = [name for _, name, _, _ in string.Formatter().parse(template) if name]
            assert all(name.isidentifier() for name in fields), (key, lang, fields)


def test_a_brace_escaped_in_the_catalogue_shows_as_one_brace_even_with_no_values():
    assert i18n.text("lm.feature_in_brackets", "en") == "inside brackets ( [ {"
    assert i18n.text("lm.feature_in_brackets", "ko") == "괄호 ( [ { 안"


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


def _every_module_imported() -> None:
    """Import every module of rnnviz (and pages' helpers), so every key family has registered itself."""
    import importlib
    import pkgutil

    import rnnviz

    for module in pkgutil.walk_packages(rnnviz.__path__, "rnnviz."):
        importlib.import_module(module.name)


def test_every_key_built_at_run_time_exists_and_takes_no_field_the_code_does_not_fill():
    _every_module_imported()
    keys = [(key, family.fields) for family in i18n.FAMILIES for key in family.keys()]
    assert len(i18n.FAMILIES) > 30 and len(keys) > 100
    missing = sorted(key for key, _ in keys if key not in i18n.STRINGS)
    assert missing == []
    for key, filled in keys:
        # A template may use fewer fields than the code offers (the word error needs no days), never more.
        assert i18n.placeholders(i18n.STRINGS[key]["en"]) <= filled, key


def test_a_key_family_names_only_its_own_keys():
    family = i18n.family("stock.target_{}", ("price", "log_return"))
    assert family.key("price") == "stock.target_price"
    with pytest.raises(KeyError, match="volume"):
        family.key("volume")
    assert i18n.FAMILIES.count(family) == 1  # registering it again adds nothing


def _keys_built_from_text() -> list[str]:
    """Every f-string in rnnviz/ and pages/ that starts like a catalogue key ("task.{name}.loss"): each of them
    would be a key no family enumerates, so no test could know it exists."""
    import ast
    from pathlib import Path

    root = Path(i18n.__file__).parents[1]
    keys = [key for key in i18n.STRINGS if not key.startswith("error.")]  # errors: see the test above
    found = []
    for path in sorted([*root.joinpath("rnnviz").rglob("*.py"), *root.joinpath("pages").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                # "task." begins keys of the catalogue; "runs.clicked." (a session key) begins none.
                if "." in head and any(key.startswith(head) for key in keys):
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {head}")
    return found


def test_no_key_is_built_from_a_value_outside_a_key_family():
    assert _keys_built_from_text() == []
