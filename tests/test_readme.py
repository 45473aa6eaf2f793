"""README.md stays true: its test command is the one CI runs, and every screenshot it shows exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    command = ci_lines[ci_lines.index(next(line for line in ci_lines if line.startswith("# README test command"))) + 1]
    assert command in README.splitlines()
    assert command.endswith("-m pytest")


def test_readme_opens_with_both_commands():
    first_block = README.split("```")[1]
    assert "streamlit run app.py" in first_block
    assert "-m pytest" in README.split("```")[3]


def test_every_screenshot_in_the_readme_exists():
    images = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", README)
    assert images, "README shows the pages"
    for image in images:
        assert (ROOT / image).is_file(), image
