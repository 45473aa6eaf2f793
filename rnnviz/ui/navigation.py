"""The app's pages, in menu order, with their translated titles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from rnnviz import i18n
from rnnviz.threads import APP_THREADS, use_threads


@dataclass(frozen=True)
class PageEntry:
    """One file in pages/: its path relative to app.py, icon, and i18n key of its title."""

    path: str
    icon: str
    title_key: str
    default: bool = False
    runs_torch: bool = True  # the page computes with torch (Home does not, and starts without importing it)

    @property
    def url_path(self) -> str:
        """The path st.navigation serves the page at: "" for the default page, else the file's stem."""
        return "" if self.default else PurePosixPath(self.path).stem

    def title(self, lang: str) -> str:
        return i18n.text(self.title_key, lang)


PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/home.py", ":material/home:", "page.home", default=True, runs_torch=False),
    PageEntry("pages/layer_builder.py", ":material/build:", "page.layer_builder"),
    PageEntry("pages/hidden_states.py", ":material/grid_on:", "page.hidden_states"),
    PageEntry("pages/shapes.py", ":material/stacks:", "page.shapes"),
    PageEntry("pages/gradients.py", ":material/trending_down:", "page.gradients"),
    PageEntry("pages/stock.py", ":material/candlestick_chart:", "page.stock"),
    PageEntry("pages/language_model.py", ":material/text_fields:", "page.language_model"),
    PageEntry("pages/lecture_notes.py", ":material/menu_book:", "page.lecture_notes"),
)

PAGES_BY_URL_PATH = {entry.url_path: entry for entry in PAGES}


def prepare(url_path: str) -> None:
    """What a page needs before it runs: torch on the app's thread count (rnnviz.threads) if it computes."""
    if PAGES_BY_URL_PATH[url_path].runs_torch:
        use_threads(APP_THREADS)
