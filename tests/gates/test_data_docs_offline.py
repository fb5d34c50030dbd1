"""The published GX Data Docs read in a browser with no network: the index lists the
night's validations and each check's status icon shows.

GX builds the index's tables in the browser (jQuery + bootstrap-table) and draws
statuses with the Font Awesome icon font, so these tests open the published pages in
headless Chromium (Debian's `chromium`, installed by `make test`) with every host name
unresolvable, and read the DOM it built.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from provind_expectations.docs import VENDOR, VENDORED, external_references, missing_assets, publish_offline
from tests.conftest import CHROMIUM, needs_chromium
from tests.conftest import CHROMIUM_FLAGS as BROWSER_FLAGS

# builds Great Expectations' Data Docs and opens them in headless Chromium
pytestmark = pytest.mark.integration

CHROMIUM_FLAGS = [
    *BROWSER_FLAGS,
    "--host-resolver-rules=MAP * ~NOTFOUND",  # no CDN can answer: only what is beside the pages loads
    "--virtual-time-budget=10000",  # let the page's scripts and font loads finish before the DOM is dumped
]
SUITES = ("night_articles", "night_mentions")

# Appended to a copy of a validation page: records what the browser made of the first failed check's icon.
ICON_PROBE = """<script>
document.fonts.ready.then(function () {
  var icon = document.querySelector("i.fa-times.text-danger");
  var before = icon ? getComputedStyle(icon, "::before") : null;
  document.body.setAttribute("data-probe", JSON.stringify({
    icon: !!icon,
    glyph: before ? before.content : null,
    family: before ? before.fontFamily : null,
    loadedFonts: Array.from(document.fonts).filter(function (f) { return f.status === "loaded"; })
      .map(function (f) { return f.family.replace(/"/g, ""); })
  }));
});
</script>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Path]:
    """A GX file project's Data Docs after two validations, each with a passing and a failing check."""
    env = pytest.MonkeyPatch()  # module-scoped: the monkeypatch fixture is per test
    env.setenv("GX_ANALYTICS_ENABLED", "false")  # no usage reports (and no network to send them)
    import great_expectations as gx
    import pandas as pd

    from provind_expectations.runner import new_context

    context = new_context(str(tmp_path_factory.mktemp("gx")))
    for name in SUITES:
        batch = (
            context.data_sources.add_or_update_pandas(f"provind_{name}")
            .add_dataframe_asset(name)
            .add_batch_definition_whole_dataframe("whole")
        )
        suite = gx.ExpectationSuite(name=name)
        suite.add_expectation(gx.expectations.ExpectColumnValuesToNotBeNull(column="value"))
        suite.add_expectation(gx.expectations.ExpectColumnValuesToBeBetween(column="value", min_value=0, max_value=100))
        suite = context.suites.add_or_update(suite)
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(data=batch, suite=suite, name=name)
        )
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=name,
                validation_definitions=[definition],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
            )
        )
        checkpoint.run(batch_parameters={"dataframe": pd.DataFrame({"value": [1.0, 50.0, 150.0]})})
    yield Path(context.root_directory) / "uncommitted" / "data_docs" / "local_site"
    env.undo()


@pytest.fixture(scope="module")
def published(site, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("docs") / "gx"
    assert publish_offline(site, target) >= 3
    return target


def chromium_dom(page: Path, profile_root: Path) -> str:
    """The DOM headless Chromium built from `page`, in a fresh profile; Chromium is stopped by its PID."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=profile_root)
    cmd = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the session Chromium leads: its renderer children too
        out, err = proc.communicate()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0 and out, err[-3000:]
    return out


def without_scripts(dom: str) -> str:
    """The DOM minus <script> bodies: GX's table data sits in scripts whether or not they ran."""
    return re.sub(r"(?is)<script\b.*?</script>", "", dom)


def test_every_cdn_asset_is_vendored_with_its_license():
    for url, path in VENDORED.items():
        assert (VENDOR / path).is_file(), url
        package = VENDOR / path.split("/")[0]
        assert list(package.glob("LICENSE*")) or "popper" in package.name, f"{package.name} has no license file"


def test_published_pages_load_nothing_from_the_network_and_miss_nothing(published):
    assert external_references(published) == [], "Data Docs must open with no network"
    assert missing_assets(published) == []
    page = next(published.rglob("validations/**/*.html"))
    html = page.read_text(encoding="utf-8")
    assert "static/vendor/fontawesome-free-6.6.0/css/all.min.css" in html
    assert "static/vendor/jquery-3.7.1/dist/jquery.min.js" in html


@needs_chromium
def test_index_lists_every_validation_offline(published, tmp_path):
    dom = without_scripts(chromium_dom(published / "index.html", tmp_path))
    rows = re.findall(r'<tr\b[^>]*data-href="(validations/[^"]+)"', dom)
    assert {row.split("/")[1] for row in rows} == set(SUITES), "the index's table lists each night's validation"
    for row in rows:
        assert (published / row).is_file()
    # the status column shows the failed icon of each (each suite has a failing check)
    assert len(re.findall(r'<i class="fas fa-times text-danger ge-failed-icon"', dom)) >= len(SUITES)


@needs_chromium
def test_failed_check_status_icon_shows_offline(published, tmp_path):
    page = next(published.rglob(f"validations/{SUITES[0]}/**/*.html"))
    probe = page.with_name("probe.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", ICON_PROBE + "</body>"), encoding="utf-8")
    try:
        dom = chromium_dom(probe, tmp_path)
    finally:
        probe.unlink()
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, "the probe did not run: the page's scripts failed"
    seen = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert seen["icon"], "a failed check has its status icon"
    assert "Font Awesome 6 Free" in seen["family"], "the icon's stylesheet applied"
    assert seen["glyph"] not in (None, "none", "normal", '""'), "the icon has a glyph"
    assert "Font Awesome 6 Free" in seen["loadedFonts"], "the icon font loaded, so the glyph is drawn"
