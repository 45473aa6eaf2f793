"""Render every page at 1600 x 900 in English and Korean into docs/screenshots/: `python -m tools.screenshots`.

Needs the test tools (requirements-dev.txt), Debian's chromium, and a CJK font for the Korean pages
(`apt-get install chromium fonts-noto-cjk`). Every page opens at its defaults with fixed seeds, so the same code
gives the same pictures. Also prints the server's peak memory (VmHWM) after visiting every page.
"""

from __future__ import annotations

from rnnviz import i18n
from rnnviz.ui.navigation import PAGES
from tools.chromium import CRASHES, Chromium, wait_for_idle
from tools.devserver import ROOT, peak_rss_mib, running_app

OUTPUT = ROOT / "docs" / "screenshots"
# Widgets animate (a radio's dot, a toggle's knob): a frame caught mid-transition differs from run to run.
FROZEN = "*, *::before, *::after { transition: none !important; animation: none !important; caret-color: transparent; }"
LANGUAGES = ("en", "ko")
LOCALES = {"en": "en-US", "ko": "ko-KR"}


def _still(tab) -> None:
    """Freeze animations and park the mouse, so two runs give the same picture."""
    tab.add_style_tag(content=FROZEN)
    tab.mouse.move(0, 0)
    tab.wait_for_timeout(200)


def _page_picture(tab, target) -> None:
    _still(tab)
    tab.screenshot(path=str(target))
    print(f"wrote {target.relative_to(ROOT)}")


def _trained_picture(tab, target, lang: str) -> None:
    """Train, then scroll to the ranked units (the tracked quantity above, the units sorted by |r| below)."""
    tab.get_by_role("button", name=i18n.text("trained.train", lang)).click()
    tab.locator("[data-testid='stPlotlyChart']").nth(3).wait_for(timeout=60_000)
    wait_for_idle(tab, settle_ms=800)
    tab.get_by_text(i18n.text("trained.units_header", lang)).scroll_into_view_if_needed()
    _page_picture(tab, target)


def _scrolled_picture(tab, target, key: str, lang: str) -> None:
    """Scroll the text of `key` to the top of the window (below Streamlit's header bar), then take the picture."""
    tab.get_by_text(i18n.text(key, lang)).first.evaluate("element => element.scrollIntoView({block: 'start'})")
    tab.mouse.move(800, 450)
    tab.mouse.wheel(0, -90)
    _page_picture(tab, target)


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with running_app() as (url, process), Chromium() as chromium:
        for lang in LANGUAGES:
            for entry in PAGES:
                target = OUTPUT / f"{entry.url_path or 'home'}_{lang}.png"
                chromium.drive(f"{url}/{entry.url_path}?lang={lang}", lambda tab, t=target: _page_picture(tab, t),
                               settle_ms=800, viewport={"width": 1600, "height": 900}, locale=LOCALES[lang])
        # A layer trained on the brackets task: the unit that counts nesting depth.
        for lang in LANGUAGES:
            target = OUTPUT / f"hidden_states_trained_{lang}.png"
            chromium.drive(f"{url}/hidden_states?weights=trained&task=brackets&cell=LSTM&hidden_size=16&lang={lang}",
                           lambda tab, t=target, lang=lang: _trained_picture(tab, t, lang), settle_ms=800,
                           viewport={"width": 1600, "height": 900}, locale=LOCALES[lang])
        # The "hello" note: the note's printed tensor reproduced, beside the same data read batch-first.
        for lang in LANGUAGES:
            target = OUTPUT / f"lecture_notes_hello_{lang}.png"
            chromium.drive(f"{url}/lecture_notes?note=hello&lang={lang}",
                           lambda tab, t=target, lang=lang: _scrolled_picture(tab, t, "notes.hello.time_first", lang),
                           settle_ms=800,
                           viewport={"width": 1600, "height": 900}, locale=LOCALES[lang])
        # The acceptance picture of the shape diagram: the lecture's largest example at 1280 x 720.
        target = OUTPUT / "shapes_lstm_6_200_l3_bi_1280x720.png"

        def diagram(tab) -> None:
            _still(tab)
            tab.locator(".js-plotly-plot").first.screenshot(path=str(target))

        chromium.drive(f"{url}/shapes?cell=LSTM&input_size=6&num_layers=3&bidirectional=true&highlight=h_n%3A3",
                       diagram, settle_ms=800, viewport={"width": 1280, "height": 720})
        print(f"wrote {target.relative_to(ROOT)}")
        print(f"server peak RSS after every page in both languages: {peak_rss_mib(process.pid):.0f} MiB")
        print(CRASHES.summary())


if __name__ == "__main__":
    main()
