"""The app's pages, in menu order, with their translated titles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from rnnviz import i18n
from rnnviz.threads import APP_THREADS, use_threads


@dataclass(frozen=True)
class PageEntry:
    """One file in pages/: its path relative to app.py, icon, i18n key of its title, and what the tests read of it.

    The tests take every page from `PAGES` (AppTest, Chromium, lecture mode, README): a new page's entry is all
    they need to cover it.
    """

    path: str
    icon: str
    title_key: str
    default: bool = False
    runs_torch: bool = True  # the page computes with torch (Home does not, and starts without importing it)
    layer_controls: bool = False  # it draws the sidebar's layer controls (rnnviz.ui.sidebar)
    quick: tuple[tuple[str, str], ...] = ()  # URL settings that open it within a second or two here
    charts: int = 0  # Plotly charts it shows when opened with `quick`, before any button is pressed
    result_button: str = ""  # key of the button whose result draws more charts ("" when none does at `quick`)

    @property
    def url_path(self) -> str:
        """The path st.navigation serves the page at: "" for the default page, else the file's stem."""
        return "" if self.default else PurePosixPath(self.path).stem

    @property
    def quick_query(self) -> dict[str, str]:
        """`quick` as URL parameters."""
        return dict(self.quick)

    def title(self, lang: str) -> str:
        return i18n.text(self.title_key, lang)

    def card(self, lang: str) -> Path:
        """Home's picture of the page in `lang`: a crop of its screenshot (made by `python -m tools.screenshots`)."""
        return CARDS / f"{PurePosixPath(self.path).stem}_{lang}.webp"


CARDS = Path(__file__).parent / "cards"
_SMALL_LAYER = (("seq_len", "20"), ("hidden_size", "16"))

PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/home.py", ":material/home:", "page.home", default=True, runs_torch=False),
    PageEntry("pages/lessons.py", ":material/school:", "page.lessons", runs_torch=False),
    PageEntry("pages/layer_builder.py", ":material/build:", "page.layer_builder", layer_controls=True,
              quick=_SMALL_LAYER),
    PageEntry("pages/hidden_states.py", ":material/grid_on:", "page.hidden_states", layer_controls=True,
              quick=_SMALL_LAYER, charts=2),  # the heatmaps, the cell diagram
    PageEntry("pages/shapes.py", ":material/stacks:", "page.shapes", layer_controls=True, quick=_SMALL_LAYER,
              charts=1),
    PageEntry("pages/sequences.py", ":material/view_week:", "page.sequences", layer_controls=True, charts=3),
    PageEntry("pages/gradients.py", ":material/trending_down:", "page.gradients",
              quick=(("g_seq_len", "40"), ("g_hidden", "16")), charts=2),
    PageEntry("pages/memory.py", ":material/stairs:", "page.memory", quick=(("m_longest", "10"), ("m_seeds", "1")),
              charts=1, result_button="train_ladder"),
    PageEntry("pages/stock.py", ":material/candlestick_chart:", "page.stock",
              quick=(("epochs", "2"), ("window", "10"), ("f_hidden", "8"), ("f_layers", "1")), charts=1,
              result_button="train"),
    PageEntry("pages/language_model.py", ":material/text_fields:", "page.language_model", charts=1),
    PageEntry("pages/lecture_notes.py", ":material/menu_book:", "page.lecture_notes",
              quick=(("note", "numpy_loop"),), charts=1),
)

PAGES_BY_URL_PATH = {entry.url_path: entry for entry in PAGES}
# Home's line on each page under its link.
PAGE_SUMMARIES = i18n.family("{}.summary", [entry.title_key for entry in PAGES[1:]])


def prepare(url_path: str) -> None:
    """What a page needs before it runs: torch on the app's thread count (rnnviz.threads) if it computes."""
    if PAGES_BY_URL_PATH[url_path].runs_torch:
        use_threads(APP_THREADS)
