"""rnnviz: see what torch.nn.RNN, nn.LSTM and nn.GRU compute inside.

The library is plain Python + torch + pandas + plotly; nothing outside `rnnviz.ui` imports streamlit.
`rnnviz.trace` and `rnnviz.Trace` load torch on first use (PEP 562), so `import rnnviz` and pages that need no
torch (Home) start without paying its import (benchmark row "cold start").
"""

from rnnviz.spec import LayerSpec

__all__ = ["LayerSpec", "Trace", "trace"]


def __getattr__(name: str):
    if name in ("trace", "Trace"):
        # The recorder lives in rnnviz.tracing: a submodule named `trace` would shadow this function.
        from rnnviz import tracing

        return getattr(tracing, name)
    raise AttributeError(f"module 'rnnviz' has no attribute {name!r}")
