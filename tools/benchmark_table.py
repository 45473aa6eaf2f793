"""Turn the table `python -m benchmarks` prints into Markdown for README.md, so its figures are a run's own:
`python -m benchmarks > run.txt; python -m tools.benchmark_table run.txt`."""

from __future__ import annotations

import sys


def markdown(lines: list[str]) -> str:
    """The rows of a printed benchmark table (columns split by " | ") as a Markdown table."""
    rows = [[cell.strip() for cell in line.split(" | ")] for line in lines if " | " in line]
    header, body = rows[0], [row for row in rows[1:] if not set(row[0]) <= {"-"}]
    out = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    return "\n".join(out)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as printed:
        print(markdown(printed.read().splitlines()))
