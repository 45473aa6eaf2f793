"""Placeholder: this page is still being built (see the issue tracker); it says so plainly."""

from rnnviz.ui.coming_soon import coming_soon_page

coming_soon_page("page.stock")
