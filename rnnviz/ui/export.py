"""Download the page on screen as one HTML file (rnnviz.lecture_pack): every element the page draws in its main
area is recorded as it is sent to the browser, in the language and lecture mode it is shown in, and the sidebar's
button writes them out when it is clicked.

Recording happens where every Streamlit element passes, `DeltaGenerator._enqueue` (each element's protobuf, with
the place it is drawn at): patched once per process, it records only for the script run that opened a `Pack`
(a context variable, so a class's sessions, each in its own thread, never see each other's pages). Elements are
kept by their place on the page: a placeholder written again replaces its block, one emptied loses it, and the
file follows the page's order (columns left to right) whatever order they were drawn in.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
from urllib.parse import urlencode

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from rnnviz.lecture_pack import Block, chart_json, page_html
from rnnviz.ui.language import current_language, template, tr

MAIN = 0  # the root container of the page's main area (the sidebar is 1)
ALERTS = {1: "error", 2: "warning", 3: "info", 4: "success"}  # Alert.Format
HEADINGS = {"h1": "1", "h2": "2", "h3": "3"}
MARKDOWN_CAPTION = 2  # Markdown.Type.CAPTION

LAST_PACK = "export.pack"  # session key: this session's latest run's Pack
_current: contextvars.ContextVar[Pack | None] = contextvars.ContextVar("rnnviz_pack", default=None)


class Pack:
    """What one script run drew in the main area, by place on the page."""

    def __init__(self, title: str) -> None:
        self.title = title  # the page's first h1, once it is drawn
        self.titled = False
        self.blocks: dict[tuple[int, ...], tuple] = {}  # place on the page -> `_kept_fields`

    def record(self, path: tuple[int, ...], proto) -> None:
        """Keep what `proto` (an element's protobuf) shows at `path`; an Empty clears what was there. Only the
        protobuf's own fields are kept here (a chart's JSON string, a table's Arrow bytes): turning them into
        HTML waits for a download, so a rerun pays nothing for it."""
        if not path or path[0] != MAIN:
            return
        for place in [place for place in self.blocks if place[:len(path)] == path]:
            del self.blocks[place]
        kept = _kept_fields(proto)
        if kept is not None:
            self.blocks[path] = kept
            if kept[0] == "Heading" and kept[1] == "h1" and not self.titled:
                self.title, self.titled = kept[2], True

    def in_order(self) -> list[Block]:
        """The page's blocks in its order (columns left to right)."""
        return [_block(*self.blocks[place]) for place in sorted(self.blocks)]


def _kept_fields(proto) -> tuple | None:
    """(protobuf type, its fields a Block needs), or None for what a handout leaves out (widgets, progress,
    styles)."""
    name = type(proto).__name__
    if name in ("Heading", "Alert"):
        return name, proto.tag if name == "Heading" else proto.format, proto.body
    if name == "Markdown":
        return name, proto.element_type, proto.body
    if name == "Code":
        return name, "", proto.code_text
    if name == "Html":
        # The page's stylesheets are no content; the coloured passages (escaped spans made by the app) are.
        return None if proto.body.lstrip().startswith("<style") else (name, "", proto.body)
    if name == "PlotlyChart":
        return name, proto.config, proto.spec
    if name == "Dataframe":
        arrow = proto.arrow_data if proto.HasField("arrow_data") else proto.lazy_data.initial_chunk
        return name, proto.columns, arrow.data
    if name == "Metric":
        return name, proto.label, proto.body
    return None


def _block(name: str, detail, content) -> Block:
    """The Block of an element's kept fields (`_kept_fields`)."""
    if name == "Heading":
        return Block("heading", content, HEADINGS.get(detail, "2"))
    if name == "Markdown":
        return Block("caption" if detail == MARKDOWN_CAPTION else "markdown", content)
    if name == "Alert":
        return Block("notice", content, ALERTS.get(detail, "info"))
    if name == "Code":
        return Block("code", content)
    if name == "Html":
        return Block("html", content)
    if name == "PlotlyChart":
        config = {key: value for key, value in json.loads(detail or "{}").items() if key != "editable"}
        return Block("chart", chart_json(content), json.dumps(config, separators=(",", ":")))
    if name == "Dataframe":
        from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

        shown_index = not json.loads(detail or "{}").get("_index", {}).get("hidden", False)
        return Block("table", convert_arrow_bytes_to_pandas_df(content).to_html(escape=True, border=0,
                                                                                 index=shown_index))
    return Block("markdown", f"**{detail}**: {content}")  # a Metric


_original_enqueue = DeltaGenerator._enqueue


def _recording_enqueue(self, delta_type, element_proto, *args, **kwargs):
    placed = _original_enqueue(self, delta_type, element_proto, *args, **kwargs)
    pack = _current.get()
    cursor = getattr(placed, "_cursor", None)
    if pack is not None and cursor is not None:
        pack.record(tuple(cursor.delta_path), element_proto)
    return placed


if getattr(DeltaGenerator._enqueue, "__name__", "") != "_recording_enqueue":  # a reloaded module patches once
    DeltaGenerator._enqueue = _recording_enqueue


def start_pack() -> Pack:
    """Record this script run's page from here on."""
    pack = Pack("rnnviz")
    _current.set(pack)
    st.session_state[LAST_PACK] = pack  # what the tests read (a deferred download runs outside the script)
    return pack


@contextlib.contextmanager
def unrecorded():
    """Draw what is inside without recording it in this run's Pack (a lesson's walk panel: not the page's view)."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


def current_pack() -> Pack | None:
    """The Pack recording this script run, if any."""
    return _current.get()


def app_link(current_url_path: str, url_path: str, query: dict[str, str]) -> str:
    """The address of page `url_path` with `query` on the server this page (at `current_url_path`) came from; a
    path from the server's root when the browser's address is unknown."""
    here = ((st.context.url or "") if hasattr(st.context, "url") else "").split("?")[0]
    if here and current_url_path and here.endswith(f"/{current_url_path}"):
        here = here[:-len(current_url_path)]
    root = here if here.endswith("/") else (f"{here}/" if here else "/")
    encoded = urlencode(query)
    return f"{root}{url_path}?{encoded}" if encoded else f"{root}{url_path}"


def _link(url_path: str) -> str:
    """This view's address with its settings (the page's query parameters), on the server it came from."""
    return app_link(url_path, url_path, st.query_params.to_dict())


def pack_button(pack: Pack, url_path: str, file_stem: str) -> None:
    """The sidebar's download button: the file is made when it is clicked (from everything this run drew), and
    the click does not rerun the page."""
    link, language = _link(url_path), current_language()
    link_text, made_text = tr("export.link"), template("export.made")

    def contents() -> bytes:
        made = made_text.format(time=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
        return page_html(pack.title, link, link_text, made, pack.in_order(), language).encode("utf-8")

    st.sidebar.download_button(tr("export.button"), contents, file_name=f"rnnviz_{file_stem}_{language}.html",
                               mime="text/html", icon=":material/download:", key="export_html",
                               on_click="ignore", help=tr("export.help"))
