"""rnnviz entry point: page config, navigation over pages/, the language and lecture-mode switches, the notice of
link values that could not be used, the panel of a lesson being followed (and the step kept when a handout is
being made), and the page's HTML download. Nothing else."""

import streamlit as st

from rnnviz.ui.charts import lecture_mode_switch
from rnnviz.ui.export import pack_button, start_pack
from rnnviz.ui.language import language_switch
from rnnviz.ui.lesson_views import follow_lesson, page_of_a_step
from rnnviz.ui.navigation import PAGES, prepare
from rnnviz.ui.notices import notice_area, show_rejected_url_values
from rnnviz.ui.router import leave_legacy_pages_mode

leave_legacy_pages_mode()
st.set_page_config(page_title="rnnviz", page_icon=":material/timeline:", layout="wide")
lang = language_switch()
lecture_mode_switch()
page = st.navigation([st.Page(p.path, title=p.title(lang), icon=p.icon, default=p.default) for p in PAGES])
prepare(page.url_path)
pack = start_pack()  # the page as one HTML file: what it draws from here on, downloaded from the sidebar
pack_button(pack, page.url_path, page.url_path or "home")
notices = notice_area()
if follow_lesson(page.url_path):  # a lesson's question is answered before its view is shown
    with page_of_a_step(pack, page.url_path):
        page.run()
show_rejected_url_values(notices)
