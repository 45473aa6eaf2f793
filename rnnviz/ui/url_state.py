"""Control values that survive page switches and live in the URL, so a copied link reopens the same view.

Streamlit forgets a widget's value when the widget is not drawn in a run (another page, or a control hidden
for this cell type). So every bound control keeps a second copy under `saved.<name>`, which Streamlit never
cleans up, and its widget is re-seeded from that copy whenever Streamlit has dropped it. The URL is read once
per session (a deep link) and written on every run, leaving out values equal to their default to keep links
short.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

import streamlit as st

from rnnviz.bounds import Bounds, bounds_of, default_of
from rnnviz.errors import RnnvizError

_SAVED = "saved."
_RESTORED = "_url_restored"
_REJECTED = "_url_rejected"
_REGISTERED: dict[str, tuple[str, "Field"]] = {}  # URL name -> (owning module, field)


@dataclass(frozen=True)
class Field:
    """One shareable control: its URL and session key `name`, default, and a parser for URL text.

    `parse` raises ValueError with a reason for text it does not accept. `always_in_url` keeps the value in
    the URL even when it equals the default (the language, so a shared link opens in the lecturer's language).
    """

    name: str
    default: Any
    parse: Callable[[str], Any]
    always_in_url: bool = False
    bounds: Bounds | None = None  # a number's range: the URL parser and the widget both use it

    def format(self, value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)


def number_field(name: str, default: float, bounds: Bounds) -> Field:
    """A number in [bounds.low, bounds.high]: whole when the bounds are whole."""
    def parse(text: str):
        try:
            value = int(text) if bounds.whole else float(text)
        except ValueError:
            if bounds.whole:
                raise RnnvizError("url_not_whole", text=text) from None
            raise RnnvizError("url_not_number", text=text) from None
        if not bounds.low <= value <= bounds.high:
            raise RnnvizError("url_outside", value=value, low=bounds.low, high=bounds.high)
        return value

    return Field(name, default, parse, bounds=bounds)


def int_field(name: str, default: int, low: int, high: int) -> Field:
    """A whole number in [low, high]."""
    return number_field(name, default, Bounds(low, high))


def setting_field(name: str, settings: type, attribute: str, default: Any = dataclasses.MISSING) -> Field:
    """The control `name` for `settings.attribute` (a dataclass field declared with `rnnviz.bounds.bounded`): its
    range from the declaration, its default the declared one unless `default` is given."""
    if default is dataclasses.MISSING:
        default = default_of(settings, attribute)
    return number_field(name, default, bounds_of(settings, attribute))


def bool_field(name: str, default: bool) -> Field:
    """true/false (also 1/0, yes/no, on/off)."""

    def parse(text: str) -> bool:
        lowered = text.strip().lower()
        if lowered in ("true", "1", "yes", "on"):
            return True
        if lowered in ("false", "0", "no", "off"):
            return False
        raise RnnvizError("url_not_bool", text=text)

    return Field(name, default, parse)


def text_field(name: str, default: str, max_length: int) -> Field:
    """Free text of at most `max_length` characters (a search pattern)."""

    def parse(text: str) -> str:
        if len(text) > max_length:
            raise RnnvizError("url_too_long", length=len(text), limit=max_length)
        return text

    return Field(name, default, parse)


def choice_field(name: str, default: str, choices: tuple[str, ...], always_in_url: bool = False) -> Field:
    """One of `choices` (matched case-insensitively, stored as spelled in `choices`)."""
    by_lower = {choice.lower(): choice for choice in choices}

    def parse(text: str) -> str:
        try:
            return by_lower[text.strip().lower()]
        except KeyError:
            raise RnnvizError("url_not_choice", choices=", ".join(choices), text=text) from None

    return Field(name, default, parse, always_in_url)


def register(owner: str, *fields: Field) -> dict[str, Field]:
    """Enter `fields` in the app's one list of URL parameters (owner: the defining module's `__name__`) and return
    them by name. A name that another module registered already raises ValueError at import, so no two controls
    can share a URL parameter or a session key; a module that is imported again (Streamlit reloading an edited
    file) replaces its own entries."""
    by_name = {}
    for field in fields:
        taken = _REGISTERED.get(field.name)
        if field.name in by_name or (taken is not None and taken[0] != owner):
            raise ValueError(f"URL parameter {field.name!r} is registered twice ({taken[0] if taken else owner})")
        by_name[field.name] = field
    _REGISTERED.update({name: (owner, field) for name, field in by_name.items()})
    return by_name


def every_field() -> dict[str, Field]:
    """Every URL parameter of every page: each module of rnnviz.ui registers its own when it is imported, and a
    fresh server has imported only the pages opened so far, so all of them are imported first."""
    import importlib
    import pkgutil

    import rnnviz.ui

    for module in pkgutil.iter_modules(rnnviz.ui.__path__):
        importlib.import_module(f"rnnviz.ui.{module.name}")
    return registered()


def registered() -> dict[str, Field]:
    """Every URL parameter registered so far (import rnnviz.ui's modules to have them all): name -> field."""
    return {name: field for name, (_, field) in _REGISTERED.items()}


def restore_from_url(fields: list[Field]) -> None:
    """Once per session and field, take the field's value from the URL if it is there and valid.

    Invalid values are ignored and remembered for `rejected_url_values`, so the page can say which part of a
    link it could not use instead of failing.
    """
    restored: set = st.session_state.setdefault(_RESTORED, set())
    rejected: dict = st.session_state.setdefault(_REJECTED, {})
    for field in fields:
        if field.name in restored:
            continue
        restored.add(field.name)
        if field.name not in st.query_params:
            continue
        text = st.query_params[field.name]
        try:
            save(field.name, field.parse(text))
        except ValueError as reason:
            rejected[field.name] = (text, reason)


def reject(name: str, text: str, reason: ValueError) -> None:
    """Remember a value some link gave for `name` that could not be used (a lesson step's, say), for
    `rejected_url_values`."""
    st.session_state.setdefault(_REJECTED, {})[name] = (text, reason)


def reset_to_defaults(keep: set[str]) -> None:
    """Every registered control back at its default (except those named in `keep`), and out of the URL: what a
    lesson step does before it sets its own values, so what the step shows is its link and nothing left over."""
    for name, field in registered().items():
        if name in keep:
            continue
        save(name, field.default)
        if name in st.query_params:
            del st.query_params[name]
    st.session_state[_REJECTED] = {}  # what an earlier link could not use is no longer on screen


def rejected_url_values() -> dict[str, tuple[str, ValueError]]:
    """URL parameters this session could not use: name -> (the text given, why it was rejected: an RnnvizError
    to be shown in the reader's language, or a parser's own ValueError)."""
    return dict(st.session_state.get(_REJECTED, {}))


def value(field: Field) -> Any:
    """The field's current value: what the user last set, else the URL's, else the default."""
    return st.session_state.get(_SAVED + field.name, field.default)


def save(name: str, new_value: Any) -> None:
    """Set a control's value from code (a preset, a URL): both the saved copy and the live widget."""
    st.session_state[_SAVED + name] = new_value
    st.session_state[name] = new_value


def bound(widget: Callable[..., Any], field: Field, label: str, **kwargs: Any) -> Any:
    """Draw `widget(label, key=field.name, **kwargs)` holding the field's value, keep it and put it in the URL.

    Pass no `value`/`index` in kwargs: the value comes from session state, which is what lets it survive. A
    number field's range and step go to the widget unless kwargs give others (a range that depends on other
    settings).
    """
    if field.bounds is not None and getattr(widget, "__name__", "") in ("number_input", "slider"):
        kwargs = {"min_value": field.bounds.low, "max_value": field.bounds.high, "step": field.bounds.step, **kwargs}
    if field.name in st.session_state:
        # Widget IDs differ between pages: a value the same control left on another page is only handed to this
        # page's widget once it is assigned through the Session State API (Streamlit's documented remedy).
        st.session_state[field.name] = st.session_state[field.name]
    else:
        st.session_state[field.name] = value(field)
    current = widget(label, key=field.name, **kwargs)
    st.session_state[_SAVED + field.name] = current
    write_to_url(field, current)
    return current


def write_to_url(field: Field, current: Any) -> None:
    """Put the field's value in the URL (or take it out when it is the default), only when that changes it."""
    if current == field.default and not field.always_in_url:
        if field.name in st.query_params:
            del st.query_params[field.name]
        return
    text = field.format(current)
    if st.query_params.get(field.name) != text:
        st.query_params[field.name] = text


def clamp(field: Field, low: int, high: int) -> None:
    """Bring a control's kept value into [low, high] before its widget is drawn, for ranges that depend on other
    settings (a layer index after num_layers went down). The user's value is kept whenever it still fits."""
    # The widget's own state is the newest value (the user may just have changed it); the saved copy is older.
    current = st.session_state.get(field.name, value(field))
    fitted = min(max(current, low), high)
    if fitted != current:
        save(field.name, fitted)
