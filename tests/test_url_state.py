"""Parsing of URL values for deep links."""

import pytest

from rnnviz.forecast import ForecastConfig
from rnnviz.gradients import StudySettings
from rnnviz.spec import LayerSpec
from rnnviz.ui import layer_controls, stock_views, url_state
from rnnviz.ui.navigation import PAGES


def test_int_field_parses_in_range_and_explains_rejections():
    field = url_state.int_field("hidden_size", 200, 1, 2048)
    assert field.parse("64") == 64
    with pytest.raises(ValueError, match="outside 1..2048"):
        field.parse("0")
    with pytest.raises(ValueError, match="not a whole number"):
        field.parse("abc")


def test_bool_field_accepts_common_spellings():
    field = url_state.bool_field("bidirectional", False)
    assert [field.parse(t) for t in ("true", "1", "Yes", "on")] == [True] * 4
    assert [field.parse(t) for t in ("false", "0", "no", "OFF")] == [False] * 4
    with pytest.raises(ValueError, match="true/false"):
        field.parse("maybe")
    assert field.format(True) == "true"


def test_choice_field_is_case_insensitive_but_stores_the_canonical_spelling():
    field = url_state.choice_field("cell", "RNN", ("RNN", "LSTM", "GRU"))
    assert field.parse("lstm") == "LSTM"
    with pytest.raises(ValueError, match="RNN, LSTM, GRU"):
        field.parse("transformer")


def test_a_setting_field_takes_its_range_step_and_default_from_the_dataclass():
    field = url_state.setting_field("dropout", LayerSpec, "dropout")
    assert field.default == 0.0
    assert (field.bounds.low, field.bounds.high, field.bounds.step) == (0.0, 0.9, 0.05)
    assert field.parse("0.25") == 0.25
    with pytest.raises(ValueError, match=r"outside 0.0..0.9"):
        field.parse("0.95")
    window = url_state.setting_field("window", ForecastConfig, "window")
    assert (window.default, window.bounds.low, window.bounds.high) == (ForecastConfig().window, 2, 250)
    with pytest.raises(ValueError, match="not a whole number"):
        window.parse("2.5")
    radius = url_state.setting_field("radius", StudySettings, "radius", default=1.0)
    assert radius.default == 1.0 and radius.parse("1.25") == 1.25


def test_url_parameters_and_their_session_keys_are_unique_across_pages():
    names = list(url_state.every_field())
    assert len(names) > 60
    # Session keys of other state on those pages must not be taken by a control.
    assert not set(names) & {"preset", stock_views._PRICES, stock_views._DOWNLOAD_REQUESTED}
    # The run helper's own keys (rnnviz.ui.runs) are prefixed, so no control can take one.
    assert not [name for name in names if name.startswith("runs.")]


def test_a_second_module_registering_a_taken_parameter_is_refused_at_import():
    taken = url_state.bool_field("cell", False)
    with pytest.raises(ValueError, match="'cell' is registered twice"):
        url_state.register("some.new_page", taken)
    assert url_state.registered()["cell"] is layer_controls.FIELDS["cell"]
    # The module that owns it may register it again (Streamlit re-imports an edited module).
    url_state.register(layer_controls.__name__, layer_controls.FIELDS["cell"])


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.url_path or "home")
def test_no_widget_of_a_page_takes_a_url_parameter_it_does_not_restore(app, entry):
    """A widget keyed like another page's URL parameter would hand its value to that page's control."""
    registered = url_state.every_field()
    at = app(entry.path, query=entry.quick_query)
    assert not at.exception
    restored = at.session_state[url_state._RESTORED]
    assert restored and restored <= set(registered)
    assert ("cell" in restored) == entry.layer_controls  # the entry says truly whether it has the layer controls
    clashes = {key for key in at.session_state.keys() if key in registered} - restored
    assert clashes == set()
