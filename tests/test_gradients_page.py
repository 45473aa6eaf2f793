"""The vanishing-gradients page through AppTest."""

from __future__ import annotations

import json

import pytest

from rnnviz import i18n

PAGE = "pages/gradients.py"


def table_column(at, header: str) -> list[str]:
    return list(at.dataframe[0].value[header])


def test_page_draws_both_charts_and_the_decay_table(app):
    at = app(PAGE)
    assert not at.exception and not at.error
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    distance = json.loads(charts[0].proto.spec)
    names = [trace.get("name") for trace in distance["data"] if trace.get("name")]
    assert names[:4] == ["RNN (tanh)", "RNN (relu)", "LSTM", "GRU"]
    assert any("ρ" in name for name in names)
    # Each measured line is named at its end with the factor the table fits, not in a legend under the axis.
    shown_in_legend = [trace["name"] for trace in distance["data"] if trace.get("showlegend", True) and "name" in trace]
    assert not set(shown_in_legend) & {"RNN (tanh)", "RNN (relu)", "LSTM", "GRU"}
    assert distance["layout"]["legend"]["y"] > 1, "the legend sits above the chart"
    factors = dict(zip(table_column(at, "Cell"), table_column(at, "fitted factor per step (x)")))
    labels = [annotation["text"] for annotation in distance["layout"]["annotations"]]
    assert f"<b>LSTM ×{float(factors['LSTM']):.2f} / step</b>" in labels
    assert len(labels) == 4
    # At torch's init sigma_max > 1: the bound bounds nothing, so it is not drawn, and the page says why.
    assert not any("σ<sub>max</sub>" in name for name in names)
    assert any(caption.value.startswith("The textbook bound σ_max^k is not drawn: here σ_max = 1.")
               for caption in at.caption)
    # Ticks every few decades, at most eight of them.
    low, high = distance["layout"]["yaxis"]["range"]
    assert (high - low) / distance["layout"]["yaxis"]["dtick"] <= 8
    assert distance["layout"]["yaxis"]["type"] == "log"
    # Subscripts are drawn as subscripts, not printed as TeX.
    assert "output<sub>T−1</sub>" in distance["layout"]["yaxis"]["title"]["text"]
    assert "_{" not in distance["layout"]["yaxis"]["title"]["text"]
    assert table_column(at, "Cell") == ["RNN (tanh)", "RNN (relu)", "LSTM", "GRU"]
    factors = [float(value) for value in table_column(at, "fitted factor per step (x)")]
    assert factors[0] == pytest.approx(0.58, abs=0.03) and factors[2] == pytest.approx(0.64, abs=0.03)


def test_rescaling_w_hh_moves_the_spectral_radius_shown(app):
    at = app(PAGE, query={"g_seq_len": "60"})
    assert at.slider(key="radius").disabled
    at.toggle(key="rescale").set_value(True).run()
    at.slider(key="radius").set_value(0.7).run()
    assert not at.exception
    assert table_column(at, "spectral radius ρ of W_hh")[0].startswith("0.700")
    assert at.query_params["radius"] == "0.7"
    # ρ < 1 does not make the gradient vanish for certain; only σ_max < 1 does, as the theory text says.
    help_text = at.toggle(key="rescale").help
    assert "σ_max" in help_text and "under 1 the gradient vanishes" not in help_text
    for radius in (0.7, 0.5):  # sigma_max >= rho: over 1 at the first here, under 1 at the second
        at.slider(key="radius").set_value(radius).run()
        sigma = float(table_column(at, "σ_max of W_hh")[0])
        names = [trace.get("name") or "" for trace in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]]
        drawn = any("σ<sub>max</sub>" in name for name in names)
        assert drawn == (sigma < 1), (radius, sigma, "the bound is drawn exactly when sigma_max < 1")
    assert drawn, "at rho = 0.5 sigma_max is under 1 and the bound is drawn"


def test_forget_gate_bias_keeps_the_lstm_gradient_alive(app):
    at = app(PAGE, query={"forget_bias": "2.0"})
    factors = dict(zip(table_column(at, "Cell"), table_column(at, "fitted factor per step (x)")))
    assert float(factors["LSTM"]) > 0.9 > float(factors["RNN (tanh)"])


def test_hidden_state_view_and_identity_init(app):
    at = app(PAGE, query={"g_view": "hidden", "rnn_init": "identity", "g_seq_len": "50"})
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["yaxis"]["title"]["text"] == i18n.text("grad.axis_hidden_norm", "en")


def test_the_longest_sequence_runs(app):
    at = app(PAGE, query={"g_seq_len": "1000"})
    assert not at.exception and not at.error
    lengths = json.loads(at.get("plotly_chart")[1].proto.spec)["data"][2]["x"]
    assert lengths  # the length chart has points (sent as base64)


def test_korean(app):
    at = app(PAGE, query={"lang": "ko", "g_seq_len": "40"})
    assert not at.exception
    assert at.title[0].value == i18n.text("page.gradients", "ko")
    assert i18n.text("grad.gates_header", "ko") in [s.value for s in at.subheader]


def test_training_on_the_memory_task_adds_dashed_curves_and_a_before_after_table(app):
    at = app(PAGE, query={"forget_bias": "2.0", "g_seq_len": "60", "g_hidden": "32"})
    at.button(key="train_memory").click().run()
    assert not at.exception
    table = at.dataframe[1].value
    losses = dict(zip(table["Cell"], table["task loss after training (1 = guessing 0)"].astype(float)))
    assert losses["LSTM"] < 0.2
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    dashed = [t["name"] for t in spec["data"] if t.get("name", "").endswith("after training")]
    assert dashed == [f"{name} · after training" for name in ("RNN (tanh)", "RNN (relu)", "LSTM", "GRU")]
    at.run()
    assert len(at.dataframe) == 2, "the result stays on screen across reruns"
    at.number_input(key="g_seeds").set_value(2).run()
    assert len(at.dataframe) == 1
    assert any(caption.value == i18n.text("grad.train_stale", "en") for caption in at.caption)
