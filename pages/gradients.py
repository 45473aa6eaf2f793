"""Placeholder: this page is still being built (see the issue tracker); it says so plainly."""

from rnnviz.ui.coming_soon import coming_soon_page
from rnnviz.ui.router import leave_legacy_pages_mode

leave_legacy_pages_mode()

coming_soon_page("page.gradients")
