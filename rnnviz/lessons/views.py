"""The views a lesson step can point at: for each page (a file stem of pages/), the names of the parts it draws
that a caption may ask the student to look at. The page wraps each in `rnnviz.ui.spotlight.view`; a step's
`view = "..."` outlines it (docs/lessons.md)."""

from __future__ import annotations

VIEWS: dict[str, tuple[str, ...]] = {
    "layer_builder": ("code", "shapes", "parameters"),
    "hidden_states": ("heatmaps", "cell"),
    "shapes": ("diagram", "identities", "comparison"),
    "sequences": ("batch", "last_state"),
    "gradients": ("curves",),
    "memory": ("ladder", "horizons"),
    "stock": ("evaluation",),
    "language_model": ("scores", "passage", "finder"),
    "lecture_notes": ("note",),
    "lessons": (),
}
