"""The runtime package is what the app runs: only rnnviz/ui imports streamlit, nothing imports dev tools, and
importing any of it starts no browser driver."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = sorted((ROOT / "rnnviz").rglob("*.py")) + sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_app_never_imports_dev_tools_or_test_tools():
    for path in RUNTIME:
        assert not _imported(path) & {"tools", "playwright", "pytest", "benchmarks"}, path.relative_to(ROOT)


def test_only_rnnviz_ui_imports_streamlit_inside_the_library():
    ui = ROOT / "rnnviz" / "ui"
    for path in (ROOT / "rnnviz").rglob("*.py"):
        if ui not in path.parents:
            assert "streamlit" not in _imported(path), path.relative_to(ROOT)


def test_importing_every_runtime_module_loads_no_browser_driver():
    modules = [".".join(path.relative_to(ROOT).with_suffix("").parts) for path in (ROOT / "rnnviz").rglob("*.py")]
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name.removesuffix('.__init__'))\n"
            "assert 'playwright' not in sys.modules, 'playwright was imported'\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)


def test_what_app_py_and_home_import_leaves_torch_unloaded():
    """The router and Home start without torch's import (benchmark row "cold start"): a lesson's questions and
    every page that computes import it when they run."""
    imported = set()
    for path in (ROOT / "app.py", ROOT / "pages" / "home.py", ROOT / "pages" / "lessons.py"):
        imported |= {node.module for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                     if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rnnviz")}
    code = ("import importlib, sys\n"
            f"for name in {sorted(imported)!r}: importlib.import_module(name)\n"
            "assert 'torch' not in sys.modules, 'torch was imported'\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]


def test_every_streamlit_cache_of_the_app_lives_in_rnnviz_ui_compute():
    """README and docs/layout.md name compute.py as the caches' one home (the run store in runs.py aside)."""
    homes = {ROOT / "rnnviz" / "ui" / "compute.py", ROOT / "rnnviz" / "ui" / "runs.py"}
    for path in RUNTIME:
        if path in homes:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("cache_data", "cache_resource"):
                raise AssertionError(f"st.{node.attr} in {path.relative_to(ROOT)}:{node.lineno}")
