"""The whole app in a real headless Chromium (Debian's, driven by Playwright), against `streamlit run app.py`.

The server is started fresh for this module, and the first test opens a deep link: that is the request a hosted
demo gets when a student opens a lecturer's link after a restart, and the one Streamlit's legacy pages/ mode
used to get wrong. Each test's steps run inside `chromium.drive`, which repeats them in a fresh tab when Chromium
crashes the page (and only then).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import expect

from rnnviz import i18n
from rnnviz.ui.navigation import PAGES
from tools.chromium import wait_for_idle

pytestmark = pytest.mark.browser

VIEWPORT = {"viewport": {"width": 1600, "height": 900}, "locale": "en-US"}


def expect_shape(tab, name: str, shape: str) -> None:
    """The Layer builder's line for tensor `name` shows `shape`, e.g. expect_shape(tab, "h_n", "(4, 30, 64)")."""
    line = tab.locator("[data-testid='stMarkdownContainer']").filter(has_text=re.compile(rf"^{name}\s"))
    expect(line).to_contain_text(shape)


def assert_no_error(tab) -> None:
    """No exception and no error alert on the page; when there is one, the failure quotes what it says."""
    for selector in ("[data-testid='stException']", "[data-testid='stAlertContentError']"):
        texts = tab.locator(selector).all_inner_texts()
        assert not texts, f"{len(texts)} x {selector} on {tab.url}:\n" + "\n---\n".join(texts)


def test_first_request_to_a_fresh_server_is_a_korean_deep_link(server, chromium):
    def steps(tab):
        assert_no_error(tab)
        expect(tab.locator("h1").first).to_have_text("레이어 만들기")
        sidebar = tab.locator("[data-testid='stSidebar']")
        # expect() retries: on a cold start the sidebar's widgets mount a moment after the script run ends.
        expect(sidebar.get_by_role("radio", name="한국어"), "the language switch from app.py is drawn").to_be_checked()
        expect(sidebar.locator("[data-testid='stSidebarNav']")).to_contain_text("홈")
        expect_shape(tab, "output", "(5, 2, 128)")
        expect_shape(tab, "h_n", "(4, 2, 64)")

    chromium.drive(f"{server}/layer_builder?hidden_size=64&bidirectional=true&num_layers=2&lang=ko", steps, **VIEWPORT)


def test_a_control_change_updates_the_shapes_and_the_link_keeping_the_language(server, chromium):
    def steps(tab):
        tab.get_by_role("spinbutton", name="num_layers").fill("3")
        tab.get_by_role("spinbutton", name="num_layers").press("Enter")
        wait_for_idle(tab)
        expect(tab).to_have_url(re.compile(r"num_layers=3"))
        assert "lang=ko" in tab.url
        expect(tab.locator("h1").first).to_have_text("레이어 만들기")
        expect_shape(tab, "h_n", "(3, 2, 3)")

    chromium.drive(f"{server}/layer_builder?lang=ko", steps, **VIEWPORT)


@pytest.mark.parametrize("lang, title", [("en", "rnnviz: see inside RNN, LSTM and GRU"),
                                         ("ko", "rnnviz: RNN, LSTM, GRU의 속을 들여다보기")])
def test_home_lists_every_page(server, chromium, lang, title):
    def steps(tab):
        assert_no_error(tab)
        expect(tab.locator("h1").first).to_have_text(title)
        expect(tab.locator("[data-testid='stPageLink']")).to_have_count(len(PAGES) - 1)

    chromium.drive(f"{server}/?lang={lang}", steps, **VIEWPORT)


def test_play_moves_the_highlighted_step_and_pause_stops_it(server, chromium):
    def steps(tab):
        assert_no_error(tab)
        expect(tab.locator(".js-plotly-plot .heatmaplayer")).to_have_count(1)
        label = tab.locator(".js-plotly-plot .slider-container .slider-label").first  # the current-value label
        expect(label).to_have_text("step t=0")
        tab.locator(".js-plotly-plot .updatemenu-button").first.click()  # ▶ Play
        expect(label).not_to_have_text("step t=0", timeout=5_000)
        tab.locator(".js-plotly-plot .updatemenu-button").nth(1).click()  # ⏸ Pause
        tab.wait_for_timeout(400)
        paused_at = label.text_content()
        tab.wait_for_timeout(800)
        assert label.text_content() == paused_at
        step = int(paused_at.split("t=")[1])
        assert 0 < step < 40

    chromium.drive(f"{server}/hidden_states?input=random&seq_len=40&hidden_size=16", steps, **VIEWPORT)


def test_clicking_an_h_n_slab_traces_it_back_to_its_cell(server, chromium):
    def steps(tab):
        assert_no_error(tab)
        plot = tab.locator(".js-plotly-plot").first
        expect(plot.locator(".annotation-text", has_text="h_n[3]")).to_have_count(1)
        # Where Plotly drew the invisible marker of slab h_n[3] (layer 1, backward), in page pixels.
        x, y = plot.evaluate("""gd => {
            const trace = gd.data[0], index = trace.customdata.indexOf('h_n:3');
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.d2p(trace.x[index]), box.top + ya._offset + ya.d2p(trace.y[index])];
        }""")
        tab.mouse.click(x, y)
        wait_for_idle(tab)
        expect(tab).to_have_url(re.compile(r"highlight=h_n%3A3|highlight=h_n:3"))
        # The diagram redrawn with that slab and its final cell (layer 1 backward, at t = 0) in red.
        lit = "gd => gd.layout.shapes.filter(s => s.type === 'rect' && s.fillcolor === '#dc2626').length"
        tab.wait_for_function(f"() => ({lit})(document.querySelector('.js-plotly-plot')) === 2", timeout=10_000)

    chromium.drive(f"{server}/shapes?num_layers=2&bidirectional=true", steps, **VIEWPORT)


def test_clicking_a_heatmap_cell_shows_that_unit_and_step_in_the_cell_diagram(server, chromium):
    def steps(tab):
        assert_no_error(tab)
        heatmaps, diagram = tab.locator(".js-plotly-plot").nth(0), tab.locator(".js-plotly-plot").nth(1)
        expect(diagram).to_be_attached()
        # The h_t heatmap's cell at t = 3, unit 2, in page pixels (its pick marker sits on the cell's centre).
        x, y = heatmaps.evaluate("""gd => {
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.d2p(3), box.top + ya._offset + ya.d2p(2)];
        }""")
        tab.mouse.click(x, y)
        wait_for_idle(tab)
        expect(tab).to_have_url(re.compile(r"unit=2"))
        expect(tab).to_have_url(re.compile(r"cell_step=3"))
        expect(tab.get_by_role("spinbutton", name="unit")).to_have_value("2")
        diagram = tab.locator(".js-plotly-plot").nth(1)
        expect(diagram.locator(".gtitle")).to_have_text("nn.RNN(4, 3) · layer 0 · unit 2")
        assert diagram.evaluate("gd => gd._fullLayout.sliders[0].active") == 3
        assert_no_error(tab)

    chromium.drive(f"{server}/hidden_states", steps, **VIEWPORT)


def test_the_stock_page_opens_offline_and_trains_to_a_verdict(server, chromium):
    def steps(tab):
        assert_no_error(tab)
        expect(tab.locator("[data-testid='stAlert']").first).to_contain_text("bundled sample")
        expect(tab.locator(".js-plotly-plot .candlestick, .js-plotly-plot g.trace.boxes").first).to_be_attached()
        tab.get_by_role("button", name="Train").click()
        expect(tab.get_by_text("Test period: LSTM against persistence")).to_be_visible(timeout=60_000)
        expect(tab.get_by_text("than predicting yesterday's close")).to_be_visible()
        assert_no_error(tab)

    chromium.drive(f"{server}/stock?epochs=3&window=10", steps, **VIEWPORT)


def test_uploads_over_the_cap_or_not_csv_are_refused_and_the_sample_stays(server, chromium):
    def steps(tab):
        uploader = tab.locator("[data-testid='stFileUploaderDropzoneInput']")
        rows = b"2020-01-01,1,1,1,1,1\n" * 300_000  # 6.3 MB, over server.maxUploadSize = 5
        uploader.set_input_files(files=[{"name": "big.csv", "mimeType": "text/csv",
                                         "buffer": b"Date,Open,High,Low,Close,Volume\n" + rows}])
        expect(tab.locator("[data-testid='stFileUploader']")).to_contain_text("File must be 5.0MB or smaller.")
        wait_for_idle(tab)
        expect(tab.locator("[data-testid='stAlert']").first).to_contain_text("bundled sample")
        uploader.set_input_files(files=[{"name": "photo.csv", "mimeType": "text/csv",
                                         "buffer": b"\x89PNG\r\n\x1a\n\x00\x00binary"}])
        expect(tab.get_by_text(f"photo.csv cannot be used: {i18n.text('error.not_csv', 'en')}.")).to_be_visible()
        expect(tab.get_by_text("Showing the bundled sample")).to_be_visible()
        assert tab.locator("[data-testid='stException']").count() == 0

    chromium.drive(f"{server}/stock?src=upload", steps, **VIEWPORT)


HOSTILE_LINK = "[Click to log in](https://evil.example/login)"


def assert_shown_as_text(alert, text: str) -> None:
    """The alert reads `text` as typed, in a code element, and nothing in it became a link, an image or markup."""
    expect(alert.locator("code").filter(has_text=text)).not_to_have_count(0)
    assert alert.locator("a, img, b, em, script").count() == 0, alert.inner_html()


def test_a_link_value_that_is_markdown_is_shown_as_text_not_as_a_link(server, chromium):
    def steps(tab):
        alert = tab.locator("[data-testid='stAlert']").filter(has_text="was not used")
        assert_shown_as_text(alert, HOSTILE_LINK)

    chromium.drive(f"{server}/layer_builder?cell={quote(HOSTILE_LINK)}", steps, **VIEWPORT)


def test_an_uploaded_files_name_and_cells_are_shown_as_text(server, chromium):
    def steps(tab):
        uploader = tab.locator("[data-testid='stFileUploaderDropzoneInput']")
        name = "**prices** <b>x</b> [here](https://evil.example).csv"
        body = b"Date,Open,High,Low,Close,Volume\n2020-01-02,`1`,2,1,2,5\n"
        uploader.set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": body}])
        alert = tab.locator("[data-testid='stAlert']").filter(has_text="cannot be used")
        assert_shown_as_text(alert, name)
        expect(alert.locator("code").filter(has_text="`1`")).to_have_count(1)

    chromium.drive(f"{server}/stock?src=upload", steps, **VIEWPORT)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.url_path or "home")
def test_every_page_renders_every_chart_without_error(server, chromium, entry, lang):
    def steps(tab):
        assert_no_error(tab)
        charts = tab.locator("[data-testid='stPlotlyChart']")
        expect(charts).to_have_count(entry.charts)
        # Each chart Streamlit placed has a Plotly plot drawn inside it.
        for index in range(charts.count()):
            expect(charts.nth(index).locator(".js-plotly-plot .main-svg").first).to_be_attached(timeout=15_000)

    chromium.drive(f"{server}/{entry.url_path}?{urlencode({**entry.quick_query, 'lang': lang})}", steps, **VIEWPORT)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_training_on_a_task_draws_the_trained_layers_charts(server, chromium, lang):
    def steps(tab):
        assert_no_error(tab)
        tab.get_by_role("button", name=i18n.text("trained.train", lang)).click()
        charts = tab.locator("[data-testid='stPlotlyChart']")
        expect(charts).to_have_count(3, timeout=60_000)  # heatmaps, ranked units, connectivity
        for index in range(3):
            expect(charts.nth(index).locator(".js-plotly-plot .main-svg").first).to_be_attached(timeout=15_000)
        expect(tab.get_by_text(i18n.text("trained.units_header", lang))).to_be_visible()
        assert_no_error(tab)

    chromium.drive(f"{server}/hidden_states?weights=trained&task=hihello&cell=RNN&hidden_size=8&lang={lang}", steps,
                   **VIEWPORT)


def test_the_lecture_notes_digits_classifier_trains_in_the_browser(server, chromium):
    def steps(tab):
        assert_no_error(tab)
        expect(tab.locator("code", has_text="Total params: 821,770").first).to_be_attached()
        tab.get_by_role("button", name=i18n.text("notes.digits.train", "ko")).click()
        charts = tab.locator("[data-testid='stPlotlyChart']")
        expect(charts).to_have_count(1, timeout=60_000)
        expect(charts.first.locator(".js-plotly-plot .main-svg").first).to_be_attached(timeout=15_000)
        expect(tab.get_by_text(i18n.text("notes.digits.baseline_nearest_mean", "ko")).first).to_be_visible()
        assert_no_error(tab)

    chromium.drive(f"{server}/lecture_notes?note=digits&lang=ko", steps, **VIEWPORT)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_walk_forward_run_draws_its_fold_prediction_and_lag_charts(server, chromium, lang):
    def steps(tab):
        assert_no_error(tab)
        tab.get_by_role("button", name=i18n.text("walk.run", lang)).click()
        charts = tab.locator("[data-testid='stPlotlyChart']")
        expect(charts).to_have_count(4, timeout=60_000)  # prices, folds, predictions, lag detector
        for index in range(4):
            expect(charts.nth(index).locator(".js-plotly-plot .main-svg").first).to_be_attached(timeout=15_000)
        expect(tab.get_by_text(i18n.text("walk.lag_header", lang))).to_be_visible()
        # The fold table's 13 columns fit the page in both languages: nothing to scroll sideways to.
        scroller = tab.locator("[data-testid='stDataFrame'] .dvn-scroller").first
        expect(scroller).to_be_attached()
        wait_for_idle(tab)
        widths = scroller.evaluate("element => [element.scrollWidth, element.clientWidth]")
        assert widths[0] <= widths[1], f"the fold table is {widths[0]} px wide in a {widths[1]} px frame"
        assert_no_error(tab)

    chromium.drive(f"{server}/stock?eval=walk_forward&folds=3&epochs=2&f_hidden=8&f_layers=1&window=10&lang={lang}",
                   steps, **VIEWPORT)


def test_changing_a_setting_stops_a_walk_forward_run(server, chromium):
    """A run of a wider model takes half a minute; a new number of folds while it trains stops it (Streamlit
    reruns the page at the next progress update, and the run nobody waits for is cancelled): the progress bar goes
    within seconds and no result of it appears."""
    def steps(tab):
        assert_no_error(tab)
        tab.get_by_role("button", name=i18n.text("walk.run", "en")).click()
        progress = tab.locator("[data-testid='stProgress']")
        expect(progress).to_be_visible(timeout=30_000)
        folds = tab.get_by_role("spinbutton", name=i18n.text("walk.folds", "en"))
        folds.fill("3")
        folds.press("Enter")
        expect(progress).to_have_count(0, timeout=10_000)
        tab.wait_for_timeout(3_000)
        expect(progress).to_have_count(0)
        for count in (3, 5):
            expect(tab.get_by_text(i18n.text("walk.results_header", "en", folds=count))).to_have_count(0)
        expect(folds).to_have_value("3")
        assert_no_error(tab)

    chromium.drive(f"{server}/stock?eval=walk_forward&f_hidden=96", steps, **VIEWPORT)
