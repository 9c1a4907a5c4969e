"""Code shape over src/: median file length, function-length p90 and max, modules over 200.

    .venv/bin/python -m bench.code_shape [ROOT]      # default: src

Lengths count physical lines (a function from its `def` to its last line). Not one of the
`bench_*` modules: it measures the code, not the running server.
"""

import ast
import statistics
import sys
from pathlib import Path

MAX_MODULE_LINES = 250


def module_lengths(root: Path) -> dict[Path, int]:
    return {path: len(path.read_text().splitlines()) for path in sorted(root.rglob("*.py"))}


def function_lengths(root: Path) -> list[int]:
    lengths = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lengths.append((node.end_lineno or node.lineno) - node.lineno + 1)
    return lengths


def p90(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[max(0, round(0.9 * len(ordered)) - 1)]


def shape(root: Path) -> dict[str, float]:
    modules = module_lengths(root)
    functions = function_lengths(root)
    return {
        "modules": len(modules),
        "median_module_lines": statistics.median(modules.values()),
        "function_p90_lines": p90(functions),
        "function_max_lines": max(functions),
        "modules_over_200": sum(n > 200 for n in modules.values()),
        "max_module_lines": max(modules.values()),
    }


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "src")
    for name, value in shape(root).items():
        print(f"{name:22} {value:g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
