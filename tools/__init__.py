"""Developer tools, not part of the app: the dev server, Chromium with crash retries, the load driver,
screenshots, and the naive baselines the benchmarks measure against. The runtime package `rnnviz` never
imports these."""
