"""Render every page at 1600 x 900 in English and Korean into docs/screenshots/: `python -m rnnviz.screenshots`.

Needs the test tools (requirements-dev.txt), Debian's chromium, and a CJK font for the Korean pages
(`apt-get install chromium fonts-noto-cjk`). Every page opens at its defaults with fixed seeds, so the same code
gives the same pictures. Also prints the server's peak memory (VmHWM) after visiting every page.
"""

from __future__ import annotations

from pathlib import Path

from rnnviz.devserver import ROOT, launch_chromium, running_app, wait_for_idle
from rnnviz.ui.navigation import PAGES

OUTPUT = ROOT / "docs" / "screenshots"
# Widgets animate (a radio's dot, a toggle's knob): a frame caught mid-transition differs from run to run.
FROZEN = "*, *::before, *::after { transition: none !important; animation: none !important; caret-color: transparent; }"
LANGUAGES = ("en", "ko")


def peak_rss_mib(pid: int) -> float:
    """Peak resident memory of a process so far, from /proc (Linux only)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")


def main() -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with running_app() as (url, process), launch_chromium() as browser:
        for lang in LANGUAGES:
            context = browser.new_context(viewport={"width": 1600, "height": 900}, locale=f"{lang}-KR"
                                          if lang == "ko" else "en-US")
            tab = context.new_page()
            for entry in PAGES:
                name = entry.url_path or "home"
                tab.goto(f"{url}/{entry.url_path}?lang={lang}")
                wait_for_idle(tab, settle_ms=800)
                tab.add_style_tag(content=FROZEN)
                tab.mouse.move(0, 0)
                tab.wait_for_timeout(200)
                target = OUTPUT / f"{name}_{lang}.png"
                tab.screenshot(path=str(target))
                print(f"wrote {target.relative_to(ROOT)}")
            context.close()
        # The acceptance picture of the shape diagram: the lecture's largest example at 1280 x 720.
        tab = browser.new_page(viewport={"width": 1280, "height": 720})
        tab.goto(f"{url}/shapes?cell=LSTM&input_size=6&num_layers=3&bidirectional=true&highlight=h_n%3A3")
        wait_for_idle(tab, settle_ms=800)
        tab.locator(".js-plotly-plot").first.screenshot(path=str(OUTPUT / "shapes_lstm_6_200_l3_bi_1280x720.png"))
        print("wrote docs/screenshots/shapes_lstm_6_200_l3_bi_1280x720.png")
        print(f"server peak RSS after every page in both languages: {peak_rss_mib(process.pid):.0f} MiB")


if __name__ == "__main__":
    main()
