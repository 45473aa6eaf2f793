"""Lessons: the course's steps, answer keys that follow torch when a step's layer changes, and lesson files that
cannot be used told apart by step and field."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import torch

from rnnviz.errors import RnnvizError
from rnnviz.gradients import STUDY_CELLS, StudySettings, study_module
from rnnviz.lessons import LESSONS, Question, Step, load_lesson, parse_lesson
from rnnviz.limits import MAX_LESSON_BYTES, MAX_LESSON_STEPS
from rnnviz.spec import LayerSpec
from rnnviz.ui.navigation import PAGES

COURSE = LESSONS["course"]
SMALL = {"cell": "RNN", "input_size": "4", "hidden_size": "3", "seq_len": "5", "batch": "2"}


def step(page: str, query: dict, kind: str, **params) -> Step:
    return Step(page, {name: str(value) for name, value in query.items()}, {"en": "x", "ko": "x"},
                Question(kind, params))


def test_the_course_is_a_path_of_at_least_12_steps_and_8_questions_over_the_apps_pages():
    assert len(COURSE.steps) >= 12
    assert sum(s.question is not None for s in COURSE.steps) >= 8
    pages = {entry.url_path for entry in PAGES}
    assert {s.page for s in COURSE.steps} <= pages
    # The notes' order, then the two "real" pages as the finale.
    assert [s.page for s in COURSE.steps][-2:] == ["language_model", "stock"]
    for s in COURSE.steps:
        assert s.caption["en"] != s.caption["ko"] and s.caption["ko"]


def test_every_course_question_has_a_key_torch_computed():
    for s in COURSE.steps:
        if s.question:
            answer = s.question.answer(s)
            assert answer.key and s.question.check(s, answer.key)


@pytest.mark.parametrize("changes, expected", [
    ({}, (5, 2, 3)),
    ({"hidden_size": "7"}, (5, 2, 7)),
    ({"bidirectional": "true"}, (5, 2, 6)),
    ({"batch_first": "true"}, (2, 5, 3)),
    ({"cell": "LSTM", "hidden_size": "6", "proj_size": "2"}, (5, 2, 2)),
])
def test_the_shape_key_follows_the_steps_layer(changes, expected):
    query = {**SMALL, **changes}
    s = step("shapes", query, "shape", tensor="output")
    # What torch's own module returns for the same constructor arguments, built here without the app.
    cls = {"RNN": torch.nn.RNN, "LSTM": torch.nn.LSTM}[query["cell"]]
    kwargs = {"batch_first": query.get("batch_first") == "true", "bidirectional": query.get("bidirectional") == "true"}
    if "proj_size" in query:
        kwargs["proj_size"] = int(query["proj_size"])
    module = cls(4, int(query["hidden_size"]), **kwargs)
    x = torch.zeros((2, 5, 4) if kwargs["batch_first"] else (5, 2, 4))
    assert tuple(module(x)[0].shape) == expected
    assert s.question.key(s) == str(expected)
    assert s.question.check(s, str(expected)) and s.question.check(s, f"torch.Size({list(expected)})")
    assert not s.question.check(s, str(expected[::-1]))


def test_the_h_n_row_key_is_the_row_torch_filled_with_that_layers_final_state():
    query = {**SMALL, "cell": "GRU", "num_layers": "3", "bidirectional": "true"}
    s = step("shapes", query, "h_n_row", layer=2, direction=1)
    row = int(s.question.key(s))
    assert row == 5
    # The top layer's backward direction ends at the first step: its half of output[0] is that final state.
    spec = LayerSpec("GRU", 4, 3, num_layers=3, bidirectional=True)
    module = spec.build(0)
    from rnnviz.run import random_input

    output, h_n = module(random_input(spec, 5, 2, 0))
    assert torch.equal(h_n[row], output[0, :, 3:])
    first_backward = step("shapes", query, "h_n_row", layer=0, direction=1)
    assert first_backward.question.key(first_backward) == "1"


@pytest.mark.parametrize("changes, expected", [({}, "yes"), ({"bidirectional": "true"}, "no"),
                                               ({"batch_first": "true"}, "no"), ({"num_layers": "2"}, "yes")])
def test_whether_output_last_is_h_n_last_is_decided_by_torch(changes, expected):
    s = step("layer_builder", {**SMALL, **changes}, "last_output_is_h_n")
    assert s.question.key(s) == expected
    assert s.question.check(s, expected) and not s.question.check(s, {"yes": "no", "no": "yes"}[expected])


def test_the_parameter_key_is_torchs_count_and_takes_thousands_separators():
    query = {"cell": "LSTM", "input_size": "28", "hidden_size": "256", "num_layers": "2", "batch_first": "true",
             "seq_len": "28", "batch": "64"}
    s = step("layer_builder", query, "parameters")
    count = sum(p.numel() for p in torch.nn.LSTM(28, 256, 2, batch_first=True).parameters())
    assert s.question.key(s) == str(count) == "819200"
    assert all(s.question.check(s, text) for text in ("819200", "819,200", "819 200", " 819200 "))
    assert not any(s.question.check(s, text) for text in ("8192", "-819200", "819200 2", ""))


def test_the_gate_key_is_the_level_of_torchs_forget_gate_at_that_step():
    query = {"cell": "LSTM", "input_size": "4", "hidden_size": "4", "input": "word", "word": "hello"}
    s = step("hidden_states", query, "gate_level", gate="f", unit=2, step=0)
    answer = s.question.answer(s)
    # f_0 = sigmoid(W_if x_0 + b_if + b_hf) with h_{-1} = 0; the word's letters in sorted order: e, h, l, o.
    module = LayerSpec("LSTM", 4, 4).build(0)
    x0 = torch.tensor([0.0, 1.0, 0.0, 0.0])
    rows = slice(4, 8)
    with torch.no_grad():
        f = torch.sigmoid(module.weight_ih_l0[rows] @ x0 + module.bias_ih_l0[rows] + module.bias_hh_l0[rows])[2]
    assert answer.values["value"] == f"{float(f):.3f}"
    assert answer.key == ("near_0" if f < 1 / 3 else "near_1" if f > 2 / 3 else "between")
    with pytest.raises(RnnvizError) as refused:
        trained = step("hidden_states", {**query, "weights": "trained", "task": "brackets"}, "gate_level")
        trained.question.key(trained)
    assert refused.value.code == "lesson_gate_trained"


def test_the_gradient_key_is_the_cell_whose_input_gradient_autograd_finds_largest_50_steps_back():
    settings = StudySettings(seq_len=100)
    s = step("gradients", {"g_seq_len": "100"}, "gradient_keeper", distance=50)
    # One backward pass per cell on the study's inputs (float64, seeded 0), L = sum of the last output.
    inputs = torch.randn(100, settings.seeds, 4, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    medians = {}
    for key, cell in STUDY_CELLS.items():
        module = study_module(cell.cell, settings.hidden_size, 4, cell.nonlinearity).double()
        x = inputs.clone().requires_grad_(True)
        output, _ = module(x)
        (gradient,) = torch.autograd.grad(output[-1].sum(), x)
        medians[key] = float(gradient[100 - 1 - 50].norm(dim=-1).median())
    assert s.question.key(s) == max(medians, key=medians.get)


def test_a_step_over_the_budget_is_refused_before_any_tensor_is_made():
    huge = {"cell": "RNN", "input_size": "1024", "hidden_size": "1", "seq_len": "2000", "batch": "512"}
    over = step("shapes", huge, "shape", tensor="output")
    with pytest.raises(RnnvizError) as refused:
        over.question.key(over)
    assert refused.value.code == "lesson_over_budget" and refused.value.values["what"] == "memory"


def test_a_question_about_a_state_the_layer_lacks_says_so():
    with pytest.raises(RnnvizError, match="has 1 layers"):
        s = step("shapes", SMALL, "h_n_row", layer=1, direction=0)
        s.question.key(s)
    with pytest.raises(RnnvizError, match="only an LSTM returns c_n"):
        s = step("shapes", SMALL, "shape", tensor="c_n")
        s.question.key(s)


GOOD_STEP = '''
[[steps]]
page = "shapes"
query = { cell = "GRU", bidirectional = true, hidden_size = 5 }
caption = { en = "Look at h_n.", ko = "h_n을 보세요." }
question = { kind = "shape", tensor = "h_n" }
'''
HEADER = '[lesson]\ntitle = { en = "Mine", ko = "내 레슨" }\n'


def test_a_lecturers_file_is_read_with_its_settings_as_link_text_and_one_language_filling_the_other():
    lesson = parse_lesson(HEADER + GOOD_STEP + '[[steps]]\npage = "stock"\ncaption = "Only English."\n')
    first, second = lesson.steps
    assert first.query == {"cell": "GRU", "bidirectional": "true", "hidden_size": "5"}
    assert first.question.key(first) == "(2, 2, 5)"  # the default preset's batch of 2
    assert second.caption == {"en": "Only English.", "ko": "Only English."} and second.question is None
    assert not lesson.builtin and first.view is None


def test_a_step_may_outline_one_view_of_its_page_and_an_unknown_one_is_named():
    lesson = parse_lesson(HEADER + GOOD_STEP + 'view = "diagram"\n')
    assert lesson.steps[0].view == "diagram"
    with pytest.raises(RnnvizError) as refused:
        parse_lesson(HEADER + GOOD_STEP + 'view = "heatmaps"\n')
    assert refused.value.code == "lesson_unknown"
    assert refused.value.values == {"step": 1, "field": "view", "value": "heatmaps",
                                    "allowed": "diagram, identities, comparison"}


@pytest.mark.parametrize("text, code, named", [
    (HEADER + GOOD_STEP.replace('page = "shapes"', 'page = "nowhere"'), "lesson_unknown", ["1", "page", "nowhere"]),
    (HEADER + GOOD_STEP + GOOD_STEP.replace('page = "shapes"\n', ""), "lesson_missing", ["step 2", "page"]),
    (HEADER + GOOD_STEP.replace('kind = "shape"', 'kind = "guess"'), "lesson_unknown", ["question.kind", "guess"]),
    (HEADER + GOOD_STEP.replace('tensor = "h_n"', 'tensor = "x"'), "lesson_unknown", ["question.tensor"]),
    (HEADER + GOOD_STEP.replace('page = "shapes"', 'page = "stock"'), "lesson_question_page", ["stock"]),
    (HEADER + GOOD_STEP.replace("caption =", "captoin ="), "lesson_unknown_field", ["captoin"]),
    (HEADER + GOOD_STEP.replace('{ kind = "shape", tensor = "h_n" }', '{ kind = "h_n_row", layer = -1 }'),
     "lesson_not_count", ["question.layer"]),
    (HEADER + GOOD_STEP.replace("query = {", "query = {{"), "lesson_toml", ["line"]),
    (HEADER, "lesson_steps", [str(MAX_LESSON_STEPS)]),
    (HEADER + GOOD_STEP * (MAX_LESSON_STEPS + 1), "lesson_steps", [str(MAX_LESSON_STEPS + 1)]),
    (GOOD_STEP, "lesson_missing", ["lesson.title"]),
    (HEADER + GOOD_STEP.replace('"Look at h_n."', '"' + "x" * 3000 + '"'), "lesson_caption_long", ["caption"]),
])
def test_a_malformed_lesson_file_is_a_message_naming_the_step_and_field(text, code, named):
    with pytest.raises(RnnvizError) as unusable:
        parse_lesson(text)
    assert unusable.value.code == code
    for part in named:
        assert part in str(unusable.value)


def test_a_file_too_large_or_not_utf8_is_refused_before_it_is_parsed(tmp_path):
    with pytest.raises(RnnvizError) as refused:
        load_lesson(b"#" * (MAX_LESSON_BYTES + 1))
    assert refused.value.code == "lesson_too_large"
    with pytest.raises(RnnvizError) as refused:
        load_lesson("\ufeff".encode("utf-16"))
    assert refused.value.code == "lesson_encoding"
    path = tmp_path / "mine.toml"
    path.write_text(HEADER + GOOD_STEP, encoding="utf-8")
    assert load_lesson(path).steps[0].page == "shapes"


def test_changing_a_course_steps_layer_changes_its_key_with_torch():
    first = COURSE.steps[0]
    wider = dataclasses.replace(first, query={**first.query, "hidden_size": "9", "batch_first": "true"})
    assert first.question.key(first) == "(5, 2, 3)"
    assert wider.question.key(wider) == "(2, 5, 9)"


def test_the_format_document_lists_every_view_a_step_can_name():
    from rnnviz.lessons.views import VIEWS

    document = (Path(__file__).resolve().parents[1] / "docs" / "lessons.md").read_text()
    for page, views in VIEWS.items():
        if views:
            assert f"| `{page}` | " + ", ".join(f"`{name}`" for name in views) + " |" in document, page
