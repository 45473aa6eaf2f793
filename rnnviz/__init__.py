"""rnnviz: see what torch.nn.RNN, nn.LSTM and nn.GRU compute inside.

The library is plain Python + torch + pandas + plotly; nothing outside `rnnviz.ui` imports streamlit.
"""

from rnnviz.spec import LayerSpec
from rnnviz.trace import Trace, trace

__all__ = ["LayerSpec", "Trace", "trace"]
