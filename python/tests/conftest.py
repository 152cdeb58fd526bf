"""Where the tests find the seeds, the shared corpora and the CLI binary.

Off CI a test whose data or binary is missing skips with a message; under
CI=true it fails, as the Rust tests do."""

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ON_CI = os.environ.get("CI") == "true"


def _need(path: pathlib.Path, what: str) -> pathlib.Path:
    if path.exists():
        return path
    if ON_CI:
        pytest.fail(f"CI=true but {what} ({path}) is missing: .ci/run must provide it")
    pytest.skip(f"{what} ({path}) is missing")


@pytest.fixture(scope="session")
def seeds() -> pathlib.Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def data() -> pathlib.Path:
    return _need(pathlib.Path(os.environ.get("FRAMELENS_DATA", ROOT.parent / "shared" / "data")), "the shared data folder")


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    """The release binary (FRAMELENS_BIN, else target/release/framelens)."""
    return _need(pathlib.Path(os.environ.get("FRAMELENS_BIN", ROOT / "target" / "release" / "framelens")), "the framelens binary")
