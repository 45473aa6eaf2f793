"""The LSTM stock predictor: real OHLC data, an honest comparison with "tomorrow = today", live training."""

import streamlit as st

from rnnviz.errors import RnnvizError
from rnnviz.figures.market import candlestick_figure, loss_figure, prediction_figure
from rnnviz.forecast import chronological_split
from rnnviz.ui.charts import show_chart
from rnnviz.ui.language import tr
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.stock_views import (
    data_sidebar,
    error_text,
    market_text,
    metrics_table,
    model_sidebar,
    stored_result,
    train_button,
    verdict,
)

leave_legacy_pages_mode()

st.title(tr("page.stock"))
st.markdown(tr("stock.intro"))
label, prices = data_sidebar()
config = model_sidebar()
text = market_text()

st.info(tr("stock.source_notice", label=label), icon=":material/database:")
try:
    split = chronological_split(len(prices), config)
    validation_start, test_start = prices.index[split.validation_start], prices.index[split.test_start]
    split_error = None
except RnnvizError as error:
    validation_start = test_start = None
    split_error = error_text(error)
show_chart(candlestick_figure(prices, text, validation_start, test_start), "prices")
if split_error:
    st.error(split_error, icon=":material/error:")
elif not config.features:
    st.error(tr("error.bad_features"), icon=":material/error:")
else:
    train_button(label, prices, config)

stored = stored_result()
if stored:
    trained_on, result = stored
    st.subheader(tr("stock.results_header"))
    st.caption(tr("stock.results_caption", label=trained_on, epochs=len(result.history), best=result.best_epoch,
                  parameters=f"{result.num_parameters:,}"))
    outcome = verdict(result)
    (st.success if outcome.better else st.warning)(outcome.text, icon=":material/balance:")
    left, right = st.columns([3, 2], gap="large")
    with left:
        show_chart(prediction_figure(result.predictions, text), "test_predictions")
    with right:
        st.dataframe(metrics_table(result), width="stretch")
        show_chart(loss_figure(result.history, text, result.best_epoch), "training_loss")
        st.download_button(tr("stock.download_predictions"), result.predictions.to_csv(index_label="Date"),
                           file_name="rnnviz_predictions.csv", mime="text/csv", icon=":material/download:")
    st.caption(tr("stock.lesson"))
