"""How many threads torch uses, chosen per workload by measurement on the reference machine (2 cores).

The app's own work (tracing one sequence, small training runs, hidden sizes up to a few hundred) is faster and
steadier on one thread here, and one thread leaves the other core to the Streamlit server, which serves every
other session meanwhile (benchmark rows "build + run nn.RNN ... 1 thread" and "trace ... 2 thread(s)" compare the
two). Benchmarks that compare thread counts set
their own and put the app's back with `use_threads(APP_THREADS)`.
"""

from __future__ import annotations

APP_THREADS = 1
# A character LSTM(64 -> 256) on batches of 64 x 100 is the one workload here large enough for the second core to
# pay (a step took about 0.55x as long on two threads as on one, measured when the model was chosen).
CHARLM_THREADS = 2


def use_threads(count: int) -> None:
    """Make torch use `count` intra-op threads from now on (imports torch)."""
    import torch

    if torch.get_num_threads() != count:
        torch.set_num_threads(count)
