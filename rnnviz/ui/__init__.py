"""The only part of rnnviz that imports streamlit: controls, URL binding, cached wrappers, layout pieces."""
