"""README.md stays a true front page: its test command is the one CI runs, it links every page's own document,
every link in it and in docs/ resolves, every screenshot exists, and it stays short."""

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from rnnviz.ui.navigation import PAGES
from tools.benchmark_table import END, START, written_into

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FRONT_PAGE_WORDS = 1800


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    command = ci_lines[ci_lines.index(next(line for line in ci_lines if line.startswith("# README test command"))) + 1]
    assert command in README.splitlines()
    assert command.endswith("-m pytest")


def test_readme_opens_with_both_commands():
    first_block = README.split("```")[1]
    assert "streamlit run app.py" in first_block
    assert "-m pytest" in README.split("```")[3]


def test_readme_is_a_front_page():
    assert len(README.split()) <= FRONT_PAGE_WORDS


def test_every_page_of_the_app_has_its_own_document_linked_from_the_readme():
    for entry in PAGES:
        document = f"docs/pages/{Path(entry.path).stem}.md"
        assert (ROOT / document).is_file(), document
        if not entry.default:  # Home is the page README itself stands for
            assert f"]({document})" in README, document


def _anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def _links(path: Path) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8"))
    found = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "link_open":
                found.append(child.attrs["href"])
            elif child.type == "image":
                found.append(child.attrs["src"])
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_link_resolves(document):
    for link in _links(document):
        if re.match(r"[a-z]+:", link):
            continue  # another site: not checked offline
        target, _, anchor = link.partition("#")
        path = (document.parent / target).resolve() if target else document
        assert path.is_file(), f"{link} in {document.name}"
        if anchor:
            assert anchor in _anchors(path), f"{link} in {document.name}: no such heading"


def test_the_benchmark_table_is_written_between_the_markers_and_only_there():
    printed = ["machine: 2 cores", "benchmark | value | met", "---|---|---", "trace | 5.8 ms | yes"]
    document = f"# Benchmarks\n\nbefore\n{START}\nold table\n{END}\nafter\n"
    written = written_into(document, printed)
    assert written == (f"# Benchmarks\n\nbefore\n{START}\nmachine: 2 cores\n\n| benchmark | value | met |\n"
                       f"| --- | --- | --- |\n| trace | 5.8 ms | yes |\n{END}\nafter\n")
    with pytest.raises(ValueError):
        written_into("no markers", printed)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_benchmark_suite_a_document_names_exists(document):
    from benchmarks.suites import discovered

    planned, sequential = discovered()
    for names in re.findall(r"python -m benchmarks((?: [a-z_]+)+)", document.read_text(encoding="utf-8")):
        for name in names.split():
            assert name in planned or name in sequential, f"{name} in {document.name}"
