"""Controls and layout pieces of the stock page: where the prices come from, the model's settings, training with
live progress, and the results. The data on screen lives in the user's own session; downloads are cached across
users (the same prices for everyone), and so are trainings (rnnviz.ui.runs: one run per prices and settings)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from rnnviz import i18n
from rnnviz.bounds import SEED_MAX
from rnnviz.errors import RnnvizError
from rnnviz.figures.market import CANDLE_COLORS, MarketText, candlestick_figure, loss_figure, prediction_figure
from rnnviz.figures.theme import titled
from rnnviz.forecast import (
    TARGETS,
    ForecastConfig,
    ForecastResult,
    check_config,
    chronological_split,
    fit,
    training_cost,
    verdict_ratio,
)
from rnnviz.limits import check
from rnnviz.market import COLUMNS, TICKER_LENGTH, random_walk_ohlc, read_ohlc_csv, sample_ohlc
from rnnviz.ui import url_state
from rnnviz.ui.charts import show_chart
from rnnviz.ui.compute import built_once, cached_download
from rnnviz.ui.language import current_language, error_text, labels, tr
from rnnviz.ui.literal import literal
from rnnviz.ui.notices import limit_warning
from rnnviz.ui.runs import LIVE_DRAWINGS, LiveChartSpec, Progress, latest, run_button, run_shared

SOURCES = ("sample", "random_walk", "download", "upload")
DEFAULTS = ForecastConfig()
SOURCE_NAMES = i18n.family("stock.source_{}", SOURCES)
COLUMN_NAMES = i18n.family("column.{}", COLUMNS)
TARGET_NAMES = i18n.family("stock.target_{}", TARGETS)
PERIOD_NAMES = i18n.family("stock.period_{}", ("train", "validation", "test"))
LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 1.0, 10.0)


def _date_field(name: str, default: str) -> url_state.Field:
    def parse(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from None

    return url_state.Field(name, dt.date.fromisoformat(default), parse)


def _features_field() -> url_state.Field:
    def parse(text: str) -> list[str]:
        chosen = [part.strip().capitalize() for part in text.split(",") if part.strip()]
        if not chosen or any(name not in COLUMNS for name in chosen):
            raise ValueError(f"not a list of {', '.join(COLUMNS)}: {text!r}")
        return chosen

    return url_state.Field("features", list(DEFAULTS.features), parse)


FIELDS = url_state.register(
    __name__,
    url_state.choice_field("src", "sample", SOURCES),
    url_state.text_field("ticker", "GOOG", TICKER_LENGTH),
    _date_field("start", "2015-01-01"),
    _date_field("end", "2025-01-01"),
    url_state.setting_field("window", ForecastConfig, "window"),
    url_state.setting_field("f_hidden", ForecastConfig, "hidden_size"),
    url_state.setting_field("f_layers", ForecastConfig, "num_layers"),
    url_state.setting_field("epochs", ForecastConfig, "epochs"),
    url_state.setting_field("lr", ForecastConfig, "lr"),
    url_state.setting_field("f_batch", ForecastConfig, "batch_size"),
    url_state.setting_field("test_fraction", ForecastConfig, "test_fraction"),
    url_state.choice_field("target", DEFAULTS.target, TARGETS),
    _features_field(),
    url_state.setting_field("f_seed", ForecastConfig, "seed"),
    url_state.int_field("walk_seed", 0, 0, SEED_MAX),
)

_PRICES = "stock_prices"        # (source label, DataFrame) of the data on screen
_DOWNLOAD_REQUESTED = "download_requested"


# Which market's candle colours a reader expects (rnnviz.figures.market.CANDLE_COLORS), by language.
MARKET_CONVENTION = {"en": "international", "ko": "korea"}


def market_text() -> MarketText:
    return MarketText(price_axis=tr("stock.axis_price"), volume_axis=tr("stock.axis_volume"),
                      periods={name: tr(PERIOD_NAMES.key(name)) for name in PERIOD_NAMES.names},
                      epoch_axis=tr("stock.axis_epoch"), loss_axis=tr("stock.axis_loss"),
                      train_loss=tr("stock.train_loss"), validation_loss=tr("stock.validation_loss"),
                      actual=tr("stock.actual"), lstm="LSTM", persistence=tr("stock.persistence"),
                      candle_colors=CANDLE_COLORS[MARKET_CONVENTION[current_language()]])


def _request(flag: str) -> None:
    st.session_state[flag] = True


def prices_digest(prices: pd.DataFrame) -> str:
    """A name for the prices' exact values (index included): two sessions on the same data share its runs."""
    return hashlib.sha256(pd.util.hash_pandas_object(prices, index=True).to_numpy().tobytes()).hexdigest()


def data_sidebar() -> tuple[str, pd.DataFrame]:
    """Pick the prices: the bundled sample (default, offline), a download, or an uploaded CSV. Returns a label
    for the notice and the frame. A failed download or upload keeps what was on screen and says why."""
    url_state.restore_from_url(list(FIELDS.values()))
    sidebar = st.sidebar
    sidebar.subheader(tr("stock.data_header"))
    source = url_state.bound(sidebar.radio, FIELDS["src"], tr("stock.source"), options=list(SOURCES),
                             format_func=labels(SOURCE_NAMES), help=tr("stock.source_help"))
    if _PRICES not in st.session_state:
        st.session_state[_PRICES] = ("sample", tr("stock.sample_label"), sample_ohlc())
    if source == "sample" and st.session_state[_PRICES][0] != "sample":
        st.session_state[_PRICES] = ("sample", tr("stock.sample_label"), sample_ohlc())
    if source == "random_walk":
        seed = int(url_state.bound(sidebar.number_input, FIELDS["walk_seed"], tr("stock.walk_seed"),
                                   help=tr("stock.walk_seed_help")))
        if st.session_state[_PRICES][0] != f"random_walk:{seed}":
            frame = random_walk_ohlc(sample_ohlc(), seed)
            st.session_state[_PRICES] = (f"random_walk:{seed}",
                                         tr("stock.random_walk_label", seed=seed, days=f"{len(frame):,}"), frame)
    if source == "download":
        ticker = url_state.bound(sidebar.text_input, FIELDS["ticker"], tr("stock.ticker"), max_chars=TICKER_LENGTH,
                                 help=tr("stock.ticker_help"))
        start = url_state.bound(sidebar.date_input, FIELDS["start"], tr("stock.start"))
        end = url_state.bound(sidebar.date_input, FIELDS["end"], tr("stock.end"))
        sidebar.button(tr("stock.download"), key="download", icon=":material/download:",
                       on_click=_request, args=(_DOWNLOAD_REQUESTED,))
        if st.session_state.pop(_DOWNLOAD_REQUESTED, False):
            with st.spinner(tr("stock.downloading", ticker=literal(ticker.upper()))):
                try:
                    frame = cached_download(ticker.strip().upper(), start, end)
                    label = tr("stock.download_label", ticker=literal(ticker.strip().upper()),
                               start=frame.index[0].date(),
                               end=frame.index[-1].date(), days=len(frame))
                    st.session_state[_PRICES] = ("download", label, frame)
                except RnnvizError as error:
                    st.error(tr("stock.download_failed", reason=error_text(error)), icon=":material/cloud_off:")
    if source == "upload":
        upload = sidebar.file_uploader(tr("stock.upload"), type=list(UPLOAD_TYPES), key="upload",
                                       help=tr("stock.upload_help"))
        if upload is not None and st.session_state.get("_uploaded_name") != (upload.name, upload.size):
            try:
                frame = read_ohlc_csv(upload)
                label = tr("stock.upload_label", name=literal(upload.name), start=frame.index[0].date(),
                           end=frame.index[-1].date(), days=len(frame))
                st.session_state[_PRICES] = ("upload", label, frame)
                st.session_state["_uploaded_name"] = (upload.name, upload.size)
            except RnnvizError as error:
                st.error(tr("stock.upload_failed", name=literal(upload.name), reason=error_text(error)),
                         icon=":material/error:")
        if st.session_state[_PRICES][0] == "upload":
            _dropped_note(st.session_state[_PRICES][2])
    _, label, frame = st.session_state[_PRICES]
    return label, frame


DROPPED_SHOWN = 6
# What the uploader offers: .xls is offered so that an old workbook gets its own message, not the uploader's.
UPLOAD_TYPES = ("csv", "txt", "tsv", "xlsx", "xls")


def _dropped_note(frame: pd.DataFrame) -> None:
    """Which days of the file were left out and why (rnnviz.price_file drops rows with no or a zero price)."""
    dropped = frame.attrs.get("dropped", ())
    if not dropped:
        return
    reasons = {"no price": tr("stock.dropped_no_price"), "zero price": tr("stock.dropped_zero_price")}
    days = ", ".join(f"{day} ({reasons[reason]})" for day, reason in dropped[:DROPPED_SHOWN])
    more = tr("stock.dropped_more", count=len(dropped) - DROPPED_SHOWN) if len(dropped) > DROPPED_SHOWN else ""
    st.sidebar.info(tr("stock.upload_dropped", count=len(dropped), days=days) + more, icon=":material/info:")


def showing_control() -> bool:
    """Whether the prices on screen are the random-walk control."""
    return st.session_state.get(_PRICES, ("",))[0].startswith("random_walk")


def model_sidebar() -> ForecastConfig:
    sidebar = st.sidebar
    sidebar.subheader(tr("stock.model_header"))
    window = url_state.bound(sidebar.number_input, FIELDS["window"], tr("stock.window"),
                             help=tr("stock.window_help"))
    features = url_state.bound(sidebar.multiselect, FIELDS["features"], tr("stock.features"), options=list(COLUMNS),
                               format_func=labels(COLUMN_NAMES),
                               help=tr("stock.features_help"))
    target = url_state.bound(sidebar.radio, FIELDS["target"], tr("stock.target"), options=list(TARGETS),
                             format_func=labels(TARGET_NAMES), help=tr("stock.target_help"))
    hidden = url_state.bound(sidebar.number_input, FIELDS["f_hidden"], tr("stock.hidden_size"))
    layers = url_state.bound(sidebar.number_input, FIELDS["f_layers"], tr("stock.num_layers"))
    epochs = url_state.bound(sidebar.number_input, FIELDS["epochs"], tr("stock.epochs"),
                             help=tr("stock.epochs_help"))
    if url_state.value(FIELDS["lr"]) not in LEARNING_RATES:
        url_state.save("lr", DEFAULTS.lr)
    lr = url_state.bound(sidebar.select_slider, FIELDS["lr"], tr("stock.lr"), options=list(LEARNING_RATES),
                         format_func=lambda v: f"{v:g}", help=tr("stock.lr_help"))
    batch = url_state.bound(sidebar.number_input, FIELDS["f_batch"], tr("stock.batch_size"))
    test_fraction = url_state.bound(sidebar.slider, FIELDS["test_fraction"], tr("stock.test_fraction"),
                                    help=tr("stock.test_fraction_help"))
    seed = url_state.bound(sidebar.number_input, FIELDS["f_seed"], tr("stock.seed"))
    return ForecastConfig(window=int(window), hidden_size=int(hidden), num_layers=int(layers), epochs=int(epochs),
                          lr=float(lr), batch_size=int(batch), test_fraction=float(test_fraction), seed=int(seed),
                          features=tuple(name for name in COLUMNS if name in features), target=target)


def train_button(label: str, prices: pd.DataFrame, digest: str, config: ForecastConfig) -> None:
    """The train button; while training, a progress bar and the loss curve update every epoch. A failed run
    says why and leaves the previous result on screen."""
    if not run_button(tr("stock.train"), "train"):
        return
    text = market_text()
    chart = LiveChartSpec("training_loss", config.epochs // LIVE_DRAWINGS, lambda history: loss_figure(
        pd.DataFrame(history, columns=["epoch", "train_loss", "validation_loss"]), text))

    def describe(history: list) -> tuple[float, str]:
        return len(history) / config.epochs, tr("stock.training", epoch=len(history), epochs=config.epochs)

    def work(report) -> ForecastResult:
        return fit(prices, config, lambda *row: report(row))

    run_shared("stock", (digest, config), work,
               Progress(tr("stock.training", epoch=0, epochs=config.epochs), describe, chart), note=label,
               show_errors=True)


def stored_result() -> tuple[tuple, str, ForecastResult] | None:
    """(the run's key, the label of the data it was trained on, the result) of this session's last single-split
    training."""
    return latest("stock")


@dataclass(frozen=True)
class Verdict:
    text: str
    better: bool


def verdict(result: ForecastResult) -> Verdict:
    ratio = verdict_ratio(result.metrics)
    key = "stock.verdict_worse" if ratio > 0 else "stock.verdict_better"
    return Verdict(tr(key, percent=f"{abs(ratio) * 100:.1f}"), ratio <= 0)


def metrics_table(result: ForecastResult) -> pd.DataFrame:
    shown = result.metrics.copy()
    shown.index = ["LSTM", tr("stock.persistence")]
    shown.columns = [tr("stock.rmse"), tr("stock.mae"), tr("stock.direction")]
    shown[tr("stock.direction")] = (shown[tr("stock.direction")] * 100).map("{:.1f} %".format)
    return shown.round(3)


def single_split_section(label: str, prices: pd.DataFrame, config: ForecastConfig) -> None:
    """The price chart with the split shaded, the train button, and the stored result of one split: verdict,
    test-period predictions, metrics, loss curve, CSV download."""
    text = market_text()
    validation_start = test_start = problem = breach = None
    try:
        split = chronological_split(len(prices), config)
        validation_start, test_start = prices.index[split.validation_start], prices.index[split.test_start]
        check_config(config)
        breach = check(training_cost(len(prices), config))
    except RnnvizError as error:
        problem = error_text(error)
    digest = prices_digest(prices)  # names the data in the shared run's key and the chart's: hashed once a rerun
    show_chart(built_once(("candlestick", digest, validation_start, test_start, text),
                          lambda: candlestick_figure(prices, text, validation_start, test_start)), "prices")
    if problem:
        st.error(problem, icon=":material/error:")
    elif breach:
        limit_warning(breach)
    else:
        train_button(label, prices, digest, config)

    stored = stored_result()
    if not stored:
        return
    key, trained_on, result = stored
    st.subheader(tr("stock.results_header"))
    st.caption(tr("stock.results_caption", label=trained_on, epochs=len(result.history), best=result.best_epoch,
                  parameters=f"{result.num_parameters:,}"))
    outcome = verdict(result)
    (st.success if outcome.better else st.warning)(outcome.text, icon=":material/balance:")
    # The model, not the data's label: that can be an uploaded file's name, and Plotly reads titles as HTML.
    title = result.config.model_code()
    left, right = st.columns([3, 2], gap="large")
    with left:
        show_chart(built_once(("stock predictions", key, text),
                              lambda: titled(prediction_figure(result.predictions, text), title)), "test_predictions")
    with right:
        st.dataframe(metrics_table(result), width="stretch")
        show_chart(built_once(("stock loss", key, text),
                              lambda: titled(loss_figure(result.history, text, result.best_epoch), title)),
                   "training_loss")
        st.download_button(tr("stock.download_predictions"), result.predictions.to_csv(index_label="Date"),
                           file_name="rnnviz_predictions.csv", mime="text/csv", icon=":material/download:")
    st.caption(tr("stock.lesson"))
