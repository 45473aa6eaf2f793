"""Plotly figure builders, one module per page theme. Each returns a `go.Figure` and never renders it."""
