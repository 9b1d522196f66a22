"""Test set-up: real reference files too large to keep in git are copied from the shared reference data.

``tests/data/formats/pdf/`` holds real government PDFs. Those over 3 MB are not tracked (listed in
``.gitignore``); they are copied here, unchanged, from ``../shared/reference_data/formats/pdf/`` (beside
the clone) when missing. Without that folder the tests that read them fail with the file named.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNTRACKED = ["putuo_finance_bureau_2024_final_accounts.pdf"]
SOURCE = ROOT.parent / "shared" / "reference_data" / "formats" / "pdf"
TARGET = ROOT / "tests" / "data" / "formats" / "pdf"


def pytest_sessionstart(session) -> None:
    for name in UNTRACKED:
        if not (TARGET / name).exists() and (SOURCE / name).is_file():
            shutil.copyfile(SOURCE / name, TARGET / name)
