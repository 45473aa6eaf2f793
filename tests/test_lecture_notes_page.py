"""The Lecture notes page through AppTest: every note opens in both languages, its checks pass, its controls and
links work."""

from __future__ import annotations

import pytest

from rnnviz import i18n
from rnnviz.lecture_notes import NOTES

PAGE = "pages/lecture_notes.py"


def codes(at) -> str:
    return "\n".join(element.value for element in at.code)


def check_marks(at) -> list[str]:
    """The 'same' column (True / False) of every checks table on the page."""
    marks = []
    for frame in at.dataframe:
        marks += list(frame.value.iloc[:, -1])
    return marks


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("note", NOTES)
def test_every_note_opens_and_every_figure_matches_the_note(app, note, lang):
    at = app(PAGE, query={"note": note, "lang": lang})
    assert not at.exception
    assert at.title[0].value == i18n.text("page.lecture_notes", lang)
    assert at.subheader[0].value == i18n.text(f"notes.{note}.title", lang)
    assert at.radio(key="note").value == note
    if note != "digits":  # the digits note's checks are its summaries; its table comes with training
        assert check_marks(at) and set(check_marks(at)) == {True}
    captions = [caption.value for caption in at.caption]
    for frame in at.dataframe:
        rows = len(frame.value)
        assert i18n.text("notes.check.summary", lang, matched=rows, total=rows) in captions


def test_hello_prints_the_notes_tensor_and_names_the_equal_rows(app):
    at = app(PAGE, query={"note": "hello"})
    code = codes(at)
    assert "def hello_example" in code
    assert "[-0.9136, -0.4269],\n         [-0.9136, -0.4269]" in code  # torch's own print, the note's digits
    assert "# h_n.shape: torch.Size([1, 5, 2])" in code and "# h_n.shape: torch.Size([1, 3, 2])" in code
    card = "\n".join(m.value for m in at.markdown)
    assert i18n.text("notes.hello.card", "en", pairs="2 / 3") in card


def test_hello_in_sorted_order_no_longer_matches_the_notes_digits(app):
    at = app(PAGE, query={"note": "hello"})
    at.radio(key="hello_order").set_value("ehlo").run()
    assert not at.exception
    assert check_marks(at) == [False, True]
    assert at.query_params["hello_order"] == "ehlo"


def test_shapes_note_opens_an_experiment_in_the_shape_diagrams(app):
    at = app(PAGE, query={"note": "shapes"})
    assert "h_0.shape  # torch.Size([6, 30, 200])" in codes(at)
    at.button(key="open_rnn_4_200_l3_bi").click().run()
    assert not at.exception
    assert at.title[0].value == i18n.text("page.shapes", "en")
    assert at.number_input(key="num_layers").value == 3
    assert at.toggle(key="bidirectional").value is True


def test_the_shapes_card_numbers_layers_from_0_and_ties_output_to_the_last_layers_rows_only(app):
    import torch

    card = "\n".join(markdown.value for markdown in app(PAGE, query={"note": "shapes"}).markdown)
    assert "row 0 = layer 0 forward, row 1 = layer 0 backward, row 2 = layer 1 forward" in card
    assert "For the last layer only" in card
    # What the card says, on a two-layer bidirectional LSTM: rows 2 and 3 are output's ends, rows 0 and 1 are not.
    torch.manual_seed(0)
    output, (h_n, _) = torch.nn.LSTM(4, 3, num_layers=2, bidirectional=True)(torch.randn(5, 2, 4))
    assert torch.equal(h_n[2], output[-1, :, :3]) and torch.equal(h_n[3], output[0, :, 3:])
    assert not torch.allclose(h_n[0], output[-1, :, :3]) and not torch.allclose(h_n[1], output[0, :, 3:])


def test_numpy_loop_scale_slider_brings_the_slope_back(app):
    at = app(PAGE, query={"note": "numpy_loop"})
    label = i18n.text("notes.numpy_loop.mean_slope", "en")
    saturated = float(next(m.value for m in at.metric if m.label == label))
    assert saturated < 0.02
    at.slider(key="loop_scale").set_value(0.1).run()
    assert float(next(m.value for m in at.metric if m.label == label)) > 0.9
    assert "unexpected keyword argument 'batch_fisrt'" in codes(at)


def test_sine_deep_link_opens_the_three_input_run(app):
    at = app(PAGE, query={"note": "sine", "sine_input": "3"})
    assert not at.exception
    assert "input_data.size()  # torch.Size([1, 20, 3])" in codes(at)
    assert "hidden_state.size()  # torch.Size([2, 1, 15])" in codes(at)


def test_digits_note_shows_torchinfos_total_and_trains_against_baselines(app):
    at = app(PAGE, query={"note": "digits"})
    summaries = [element.value for element in at.code if "Total params" in element.value]
    assert len(summaries) == 2 and all("Total params: 821,770" in text for text in summaries)
    assert "torch.equal(rnn_out[:, -1, :], h_n[-1])  # True" in codes(at)
    assert "rnn_out[:, -1:].shape  # torch.Size([2, 1, 256])" in codes(at)
    assert "c_n.shape  # torch.Size([2, 2, 256])" in codes(at)  # proj_size=64 leaves the cell state at 256
    at.button(key="train_digits").click().run()
    assert not at.exception
    metrics = {m.label: float(m.value.rstrip("%")) for m in at.metric}
    lstm = metrics[i18n.text("notes.digits.lstm", "en")]
    assert lstm > metrics[i18n.text("notes.digits.baseline_nearest_mean", "en")] > 50
    assert metrics[i18n.text("notes.digits.baseline_majority", "en")] < 15
    assert at.get("plotly_chart")
    at.run()  # a rerun keeps the trained classifier
    assert at.metric and not at.exception
