"""A Streamlit session driven over the server's own websocket protocol, with no browser: it asks for a page, finds
a button by its label, presses it, and times the server's answer until a text appears in what the server sends.

A class's laptops each render their own tab; on this machine thirty Chromium tabs would render on one core beside
the server. The class moment (tools.class_moment) drives most sessions this way, so the one real tab it times
renders as a laptop's would, while the server carries the whole class.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")


@dataclass
class ProtocolSession:
    """One session of the app at `url` (http://host:port), on the page `path` ("/stock?x=1")."""

    url: str
    path: str
    timeout: float = 120.0
    buttons: dict[str, str] = field(default_factory=dict)  # label -> widget id, from the last full run

    def __post_init__(self) -> None:
        host = urlsplit(self.url).netloc
        # No keepalive pings: a server on one core, busy with a class, may answer one late; a lost session is
        # the time-out's to find.
        self._open = contextlib.ExitStack()
        self._socket = self._open.enter_context(connect(
            f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], open_timeout=self.timeout, max_size=None,
            ping_interval=None))
        page = urlsplit(self.path)
        self._page, self._query = page.path.strip("/"), page.query

    def _rerun(self, widgets: list | None = None) -> None:
        message = BackMsg()
        state = message.rerun_script
        state.query_string, state.page_name = self._query, self._page
        for widget_id in widgets or []:
            widget = state.widget_states.widgets.add()
            widget.id, widget.trigger_value = widget_id, True
        self._socket.send(message.SerializeToString())

    def _read_until(self, done) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            raw = self._socket.recv(timeout=max(0.1, deadline - time.monotonic()))
            message = ForwardMsg()
            message.ParseFromString(raw)
            if message.WhichOneof("type") == "delta" and message.delta.new_element.WhichOneof("type") == "button":
                button = message.delta.new_element.button
                self.buttons[button.label] = button.id
            if done(message, raw):
                return

    def open(self) -> None:
        """Ask for the page and read until a run of it finishes with its buttons drawn."""
        self._rerun()
        self._read_until(lambda message, raw: message.WhichOneof("type") == "script_finished"
                         and message.script_finished == FINISHED and self.buttons)

    def press(self, label: str, text: str) -> float:
        """Press the button `label` and return the seconds until the server has sent `text`."""
        start = time.perf_counter()
        self._rerun([self.buttons[label]])
        self._read_until(lambda message, raw: text.encode() in raw)
        return time.perf_counter() - start

    def close(self) -> None:
        self._open.close()
