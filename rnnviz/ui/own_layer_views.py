"""The sidebar's "your own trained layer": upload a state_dict (torch.save, read with weights_only=True) or a
.safetensors file, pick one of the recurrent layers found in it, and every layer page runs on its weights.

The choice lives in the user's session (the weights on the server, rnnviz.own_layer): the shape settings it
fixes are put into the shared layer settings and locked, and the other settings stay the user's. A link carries
the settings, not the weights, and the sidebar says so.
"""

from __future__ import annotations

import streamlit as st

from rnnviz.errors import RnnvizError
from rnnviz.own_layer import SHAPE_SETTINGS, OwnLayerSpec, keep_layer, kept_weights, weights_file_bytes
from rnnviz.own_model import read_layers
from rnnviz.ui import url_state
from rnnviz.ui.language import error_text, tr
from rnnviz.ui.literal import literal

UPLOAD_TYPES = ("pt", "pth", "bin", "safetensors")
_FOUND = "own_layer.found"  # session: ((file name, size), [OwnLayerSpec, ...]) of the last upload read
_ACTIVE = "own_layer.active"  # session: the OwnLayerSpec the pages run on (its shape settings and weights)
_CHOICE = "own_layer.choice"  # widget key: which of the file's layers


def active_layer() -> OwnLayerSpec | None:
    """The uploaded layer this session's pages run on, if any."""
    return st.session_state.get(_ACTIVE)


def _use(spec: OwnLayerSpec | None) -> None:
    st.session_state[_ACTIVE] = spec
    if spec is not None:
        for name in SHAPE_SETTINGS:
            url_state.save(name, getattr(spec, name))
        # The word and the sine wave fix input_size themselves; a layer's own input_size needs the random input.
        url_state.save("input", "random")


def _choose() -> None:
    _, found = st.session_state[_FOUND]
    _use(found[st.session_state[_CHOICE]])


def _stop() -> None:
    # The file stays read (_FOUND), so the uploader still holding it does not bring it back on the next run.
    st.session_state[_ACTIVE] = None


def own_layer_sidebar(sidebar) -> OwnLayerSpec | None:
    """The upload, the layer picker and what is in use; returns the active uploaded layer. Its shape settings
    are written into the layer settings every run, so the locked controls show the file's values."""
    active = active_layer()
    if active is not None and kept_weights(active.weights) is None:
        _stop()
        sidebar.warning(tr("error.own_layer_gone", name=literal(active.source)), icon=":material/warning:")
        active = None
    box = sidebar.expander(tr("own.header"), expanded=active is not None, icon=":material/upload_file:")
    upload = box.file_uploader(tr("own.upload"), type=list(UPLOAD_TYPES), key="own_layer_upload",
                               help=tr("own.upload_help"))
    if upload is not None and st.session_state.get(_FOUND, (None,))[0] != (upload.name, upload.size):
        try:
            found = [keep_layer(layer, upload.name) for layer in read_layers(upload, upload.name)]
        except RnnvizError as error:
            box.error(tr("own.failed", name=literal(upload.name), reason=error_text(error)), icon=":material/error:")
        else:
            st.session_state[_FOUND] = ((upload.name, upload.size), found)
            st.session_state[_CHOICE] = 0
            _use(found[0])
            active = found[0]
    found = st.session_state.get(_FOUND, (None, []))[1]
    if active is not None and len(found) > 1:
        box.selectbox(tr("own.choice"), options=range(len(found)), key=_CHOICE, on_change=_choose,
                      format_func=lambda index: f"{found[index].prefix or tr('own.top_level')} · "
                                                f"{found[index].constructor_code()}")
    if active is not None:
        for name in SHAPE_SETTINGS:  # a preset or a link may have moved them since
            url_state.save(name, getattr(active, name))
        box.success(tr("own.in_use", name=literal(active.source), prefix=active.prefix or tr("own.top_level"),
                       code=active.constructor_code()), icon=":material/check_circle:")
        box.caption(tr("own.free_settings"))
        # Deferred: the file is written when it is asked for, not on every rerun of every layer page.
        box.download_button(tr("own.download"), lambda: weights_file_bytes(active),
                            file_name=active.weights_file_name(), mime="application/octet-stream",
                            icon=":material/download:", key="own_layer_download", on_click="ignore")
        box.button(tr("own.stop"), key="own_layer_stop", on_click=_stop, icon=":material/restart_alt:")
    return active
