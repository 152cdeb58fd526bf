"""Shared by the count-table and Spark tests: the single-machine summary
folder and a byte-for-byte comparison of two summary folders."""

import pathlib
import subprocess


#: Fewer resamples and permutations than the defaults, to keep the tests
#: short: the same options go to the command line and to the merged tables.
FAST = {"resamples": 200, "permutations": 200}


def single_summary(cli: pathlib.Path, corpus: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    """``framelens compare CORPUS --summary-only --out OUT`` with
    :data:`FAST`'s options; its summary folder."""
    opts = [a for k, v in FAST.items() for a in (f"--{k}", str(v))]
    subprocess.run(
        [str(cli), "compare", str(corpus), "--summary-only", "--out", str(out), "--quiet", *opts], check=True
    )
    return out / "summary"


def files(folder: pathlib.Path) -> dict:
    """Every file under ``folder``: relative path -> bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(want: pathlib.Path, got: pathlib.Path) -> list:
    """The files that are missing, extra or not byte-identical."""
    a, b = files(want), files(got)
    out = [f"missing {k}" for k in sorted(a.keys() - b.keys())]
    out += [f"extra {k}" for k in sorted(b.keys() - a.keys())]
    out += [f"differs {k}" for k in sorted(a.keys() & b.keys()) if a[k] != b[k]]
    return out
