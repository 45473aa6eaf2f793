"""Turn the table `python -m benchmarks` prints into Markdown, so the published figures are a run's own:
`python -m benchmarks > run.txt; python -m tools.benchmark_table run.txt` prints it, and
`... run.txt --write docs/benchmarks.md` puts it between that file's table markers, with the run's machine line."""

from __future__ import annotations

import sys
from pathlib import Path

START, END = "<!-- table -->", "<!-- end of table -->"


def markdown(lines: list[str]) -> str:
    """The rows of a printed benchmark table (columns split by " | ") as a Markdown table."""
    rows = [[cell.strip() for cell in line.split(" | ")] for line in lines if " | " in line]
    header, body = rows[0], [row for row in rows[1:] if not set(row[0]) <= {"-"}]
    out = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    return "\n".join(out)


def written_into(document: str, lines: list[str]) -> str:
    """`document` with the run's machine line and table between its START and END markers."""
    if START not in document or END not in document:
        raise ValueError(f"the document has no {START} ... {END} markers")
    machine = next((line for line in lines if line.startswith("machine:")), "")
    head, rest = document.split(START, 1)
    tail = rest.split(END, 1)[1]
    return f"{head}{START}\n{machine}\n\n{markdown(lines)}\n{END}{tail}"


if __name__ == "__main__":
    printed = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    if "--write" in sys.argv:
        target = Path(sys.argv[sys.argv.index("--write") + 1])
        target.write_text(written_into(target.read_text(encoding="utf-8"), printed), encoding="utf-8")
    else:
        print(markdown(printed))
