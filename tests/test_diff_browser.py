"""The HTML diff report in a real headless browser (system Chromium driven by Playwright).

The new version is the real 2024 draft with the edits of ``tests/data/diff/edits.tsv`` applied; the
page must render, its change table must list one row per edit with the old and new values read
from the edit, and a screenshot is saved under ``tests/artifacts/`` for a person to look at.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "diff"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="chromium is not installed (apt install chromium)"
    ),
]


def _edits() -> list[dict[str, str]]:
    with open(DATA / "edits.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from pipeline.cli import main

    tmp = tmp_path_factory.mktemp("browser")
    edits = _edits()
    old = ROOT / "policies_raw" / edits[0]["policy"]
    text = old.read_text(encoding="utf-8")
    for e in edits:
        assert text.count(e["old"]) == 1, f"edit not unique in the policy: {e['old']}"
        text = text.replace(e["old"], e["new"])
    new = tmp / "draft-edited.txt"
    new.write_text(text, encoding="utf-8")
    out = tmp / "diff.html"
    r = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "html", "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


def _open(path: Path, screenshot: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            page.on("request", lambda req: requests.append(req.url))
            page.goto(path.as_uri())
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / screenshot), full_page=False)
            rows = page.locator("#change-table tbody tr").all_inner_texts()
            title = page.title()
            clauses = page.locator("table.side tbody tr").count()
            marked = page.locator("table.side ins.num").count()
            svg = page.locator("svg circle").count()
            headings = page.evaluate("Array.from(document.querySelectorAll('h2')).map(h => h.id)")
            units = page.locator("svg[role=img]").count()
            categories = (
                page.locator("#category-table tbody tr").all_inner_texts()
                if page.locator("#category-table").count()
                else []
            )
        finally:
            browser.close()
    return {
        "rows": rows,
        "title": title,
        "clauses": clauses,
        "marked": marked,
        "svg": svg,
        "requests": requests,
        "categories": categories,
        "headings": headings,
        "units": units,
    }


def test_change_table_lists_every_edit(report):
    page = _open(report, "diff-edited-draft.png")
    assert "→" in page["title"]
    assert all(u.startswith("file://") for u in page["requests"]), page["requests"]
    missing = []
    for e in _edits():
        if not any(
            e["reported_old"] in row and e["reported_new"] in row and e["fact_type"] in row
            for row in page["rows"]
        ):
            missing.append(f"{e['reported_old']} → {e['reported_new']}")
    assert not missing, f"rows missing: {missing}\nrows: {page['rows']}"
    assert len(page["rows"]) == len(_edits()), page["rows"]
    assert page["clauses"] > 50
    assert page["marked"] >= 3  # changed numbers highlighted in the side-by-side text
    assert page["svg"] >= 2 * 2  # old and new dots of the changed values
    assert page["units"] == 2  # one chart per unit (元 and 家): never two units on one axis
    # the change table first, the aligned text last
    assert page["headings"][0] == "changes" and page["headings"][-1] == "text", page["headings"]


def test_generational_report_renders(tmp_path):
    from pipeline.report.diff_view import lineage_pairs, write_lineage_reports

    pairs = lineage_pairs(ROOT / "policies_raw" / "manifest.toml")
    assert [(p[2], p[3]) for p in pairs] == [("tz-2019-58", "tz-2024-matrix-draft")]
    written = write_lineage_reports(pairs, tmp_path, formats=("html",))
    page = _open(written[0], "diff-2019-plan-2024-draft.png")
    with open(DATA / "generations.tsv", encoding="utf-8") as f:
        gold = list(csv.DictReader(f, delimiter="\t"))
    missing = []
    for g in gold:  # the same category in both policies, read from the two texts
        row = next((r for r in page["categories"] if g["category_contains"] in r.split("\t")[0]), None)
        if row is None or g["old"] not in row.split("\t")[1] or g["new"] not in row.split("\t")[2]:
            missing.append(f"{g['category_contains']}: {g['old']} → {g['new']} (got {row!r})")
    assert not missing, "\n".join(missing)
    only_old = [r for r in page["categories"] if r.rstrip().endswith("—")]
    only_new = [r for r in page["categories"] if r.split("\t")[1].strip() == "—"]
    assert only_old and only_new  # categories found in only one of the two policies are listed
    assert any("小巨人" in r and "280家" in r for r in page["rows"])  # and paired in the change table
    assert page["headings"][0] == "changes", page["headings"]
