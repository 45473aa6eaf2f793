"""Render every page at 1600 x 900 in English and Korean into docs/screenshots/: `python -m tools.screenshots`
(`python -m tools.screenshots sequences shapes` pictures only those pages and their Home cards).

Needs the test tools (requirements-dev.txt), Debian's chromium, and a CJK font for the Korean pages
(`apt-get install chromium fonts-noto-cjk`). Every page opens at its defaults with fixed seeds, so the same code
gives the same pictures. Also prints the server's peak memory (VmHWM) after visiting every page.
"""

from __future__ import annotations

import functools
import sys
from pathlib import PurePosixPath

from rnnviz import i18n
from rnnviz.lessons import LESSONS
from rnnviz.ui.lesson_views import CHOICE_TEXTS
from rnnviz.ui.navigation import PAGES
from tools.chromium import CRASHES, Chromium, wait_for_drawn, wait_for_idle
from tools.devserver import ROOT, peak_rss_mib, running_app

OUTPUT = ROOT / "docs" / "screenshots"
# Widgets animate (a radio's dot, a toggle's knob): a frame caught mid-transition differs from run to run.
FROZEN = "*, *::before, *::after { transition: none !important; animation: none !important; caret-color: transparent; }"
LANGUAGES = ("en", "ko")
LOCALES = {"en": "en-US", "ko": "ko-KR"}
VIEWPORT = {"width": 1600, "height": 900}
# Pictures taken after a run: file name, address, the run button's text key, how many charts are drawn once it
# is done, and the heading then scrolled to the top (its text key and values).
AFTER_RUN = [
    # A layer trained on the brackets task: the unit that counts nesting depth (heatmaps, tracked quantity, ranks).
    ("hidden_states_trained", "hidden_states?weights=trained&task=brackets&cell=LSTM&hidden_size=16", "trained.train",
     4, "trained.units_header", {}),
    # The default walk-forward run: verdict, error and skill per fold (prices, folds, predictions, lag detector).
    ("stock_walk_forward", "stock?eval=walk_forward", "walk.run", 4, "walk.results_header", {"folds": 5}),
    # The honesty lab at the defaults: the honest split beside its two leaks, a sentence on each.
    ("stock_leakage", "stock?eval=leakage", "leak.run", 1, "leak.results_header", {}),
    # The default memory ladder (5 to 80 steps, 3 seeds): score against distance, one line per cell.
    ("memory_ladder", "memory?m_seeds=3", "mem.train_button", 3, "mem.ladder_header", {}),
]
# Pictures of a page scrolled to one heading: file name, address, the heading's text key.
SCROLLED = [
    # The "hello" note: the note's printed tensor reproduced, beside the same data read batch-first.
    ("lecture_notes_hello", "lecture_notes?note=hello", "notes.hello.time_first"),
    # The unit finder on Python source: the hidden unit that is on inside brackets, with the others ranked.
    ("language_model_python_finder", "language_model?lm_corpus=python&lm_state=hidden", "lm.finder_header"),
    # Inside the cell: one step of the LSTM and of the GRU on "hello", unit 1, every box torch's number.
    ("hidden_states_cell_lstm", "hidden_states?cell=LSTM&unit=1", "cell.header"),
    ("hidden_states_cell_gru", "hidden_states?cell=GRU&unit=1", "cell.header"),
]

# Steps of the course lesson: file name, step number, whether to answer its question first (with torch's key).
LESSON_STEPS = [
    ("lesson_step_2_asks", 2, False),  # the question asked, the view waiting for the answer
    ("lesson_step_3_answered", 3, True),  # which row of h_n: answered, the reason, the diagram revealed
    ("lesson_step_9_answered", 9, True),  # the forget gate: answered, the heatmaps revealed
]


# Home's card of a page: its main column below the title (the card names the page), at a third of the size.
CARD_CROP = (330, 150, 1600, 900)
CARD_WIDTH = 520


def _card(screenshot, card) -> None:
    """Write Home's picture of a page (WebP, ~15 KB) from its screenshot."""
    from PIL import Image  # Pillow comes with streamlit

    picture = Image.open(screenshot).crop(CARD_CROP)
    height = round(picture.height * CARD_WIDTH / picture.width)
    card.parent.mkdir(parents=True, exist_ok=True)
    picture.resize((CARD_WIDTH, height), Image.LANCZOS).save(card, quality=80, method=6)
    print(f"wrote {card.relative_to(ROOT)}")


def _still(tab) -> None:
    """Freeze animations and park the mouse, so two runs give the same picture."""
    tab.add_style_tag(content=FROZEN)
    tab.mouse.move(0, 0)
    tab.wait_for_timeout(200)


def _page_picture(tab, target) -> None:
    # A page still mounting its widgets shows grey placeholders (a first load once was pictured like that).
    wait_for_drawn(tab, settle_ms=500)
    _still(tab)
    tab.screenshot(path=str(target))
    print(f"wrote {target.relative_to(ROOT)}")


def _after_run_picture(tab, *, target, button: str, charts: int, heading: str) -> None:
    """Click the run button labelled `button`, wait until `charts` charts are drawn, then scroll `heading` to
    the top of the window and take the picture."""
    tab.get_by_role("button", name=button).click()
    tab.locator("[data-testid='stPlotlyChart']").nth(charts - 1).wait_for(timeout=180_000)
    wait_for_idle(tab, settle_ms=800)
    _scrolled_picture(tab, target=target, heading=heading)


def _lesson_picture(tab, *, target, lang: str, number: int, answer: bool) -> None:
    """A step of the course; with `answer`, its question answered rightly first (the key torch computes)."""
    if answer:
        step = LESSONS["course"].steps[number - 1]
        key = step.question.key(step)
        main = tab.locator("[data-testid='stMain']")
        choices = step.question.answer(step).choices
        if choices:
            from rnnviz.gradients import STUDY_CELLS

            label = i18n.text(CHOICE_TEXTS.key(key), lang) if key in CHOICE_TEXTS.names else STUDY_CELLS[key].label
            main.locator("[data-testid='stRadio']").first.get_by_text(label, exact=True).click()
        else:
            main.locator("[data-testid='stTextInput'] input").first.fill(key)
            main.locator("[data-testid='stTextInput'] input").first.press("Enter")
        wait_for_idle(tab)
        main.get_by_role("button", name=i18n.text("lesson.check", lang)).click()
        tab.locator("[data-testid='stAlertContentSuccess']").first.wait_for(timeout=60_000)
        wait_for_idle(tab, settle_ms=800)
    _page_picture(tab, target)


def _scrolled_picture(tab, *, target, heading: str) -> None:
    """Scroll the text `heading` to the top of the window (below Streamlit's header bar), then take the picture."""
    tab.get_by_text(heading).first.evaluate("element => element.scrollIntoView({block: 'start'})")
    tab.mouse.move(800, 450)
    tab.mouse.wheel(0, -90)
    _page_picture(tab, target)


def main(only: tuple[str, ...] = ()) -> None:
    """Every picture; with `only` (page file stems), just those pages' pictures, their after-run pictures and Home
    cards."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pages = [entry for entry in PAGES if not only or PurePosixPath(entry.path).stem in only]
    with running_app() as (url, process), Chromium() as chromium:
        for lang in LANGUAGES:
            for entry in pages:
                target = OUTPUT / f"{entry.url_path or 'home'}_{lang}.png"
                chromium.drive(f"{url}/{entry.url_path}?lang={lang}", lambda tab, t=target: _page_picture(tab, t),
                               settle_ms=800, viewport=VIEWPORT, locale=LOCALES[lang])
                if not entry.default:
                    _card(target, entry.card(lang))
        for name, address, button, charts, heading, values in AFTER_RUN:
            if only and address.split("?")[0] not in only:
                continue
            for lang in LANGUAGES:
                shot = functools.partial(_after_run_picture, target=OUTPUT / f"{name}_{lang}.png",
                                         button=i18n.text(button, lang), charts=charts,
                                         heading=i18n.text(heading, lang, **values))
                chromium.drive(f"{url}/{address}&lang={lang}", shot, settle_ms=800,
                               viewport=VIEWPORT, locale=LOCALES[lang])
        if only:
            print(CRASHES.summary())
            return
        for name, address, heading in SCROLLED:
            for lang in LANGUAGES:
                shot = functools.partial(_scrolled_picture, target=OUTPUT / f"{name}_{lang}.png",
                                         heading=i18n.text(heading, lang))
                chromium.drive(f"{url}/{address}&lang={lang}", shot, settle_ms=800,
                               viewport=VIEWPORT, locale=LOCALES[lang])
        for name, number, answer in LESSON_STEPS:
            for lang in LANGUAGES:
                shot = functools.partial(_lesson_picture, target=OUTPUT / f"{name}_{lang}.png", lang=lang,
                                         number=number, answer=answer)
                chromium.drive(f"{url}/?lesson=course&step={number}&lang={lang}", shot, settle_ms=800,
                               viewport=VIEWPORT, locale=LOCALES[lang])
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
    main(tuple(sys.argv[1:]))
