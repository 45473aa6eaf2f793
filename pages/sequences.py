"""Sequences of different lengths: padding, packing, which state is the last one, and reading in windows."""

from rnnviz.ui.layer_controls import layer_page
from rnnviz.ui.router import leave_legacy_pages_mode
from rnnviz.ui.sequence_views import packed_section, sequence_sidebar, window_section

leave_legacy_pages_mode()

# The batch is one sequence per length, so the sidebar draws seq_len (the padded length) and the seed, not batch.
settings, controls = layer_page("page.sequences", "seq.intro", sequence_sidebar, inputs=("seq_len", "seed"))
if settings:
    packed_section(settings.spec, settings.seq_len, settings.seed, controls)
    window_section(settings.spec, settings.seed, controls)
