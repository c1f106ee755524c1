"""The staff publishing workflow (.github/workflows), its annotations, and the staff guide.

Nothing here reaches the network: the weekly link check is imported and given a fake fetch.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, run_generator
from test_check import CASES, apply_case

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator import messages, pipeline  # noqa: E402
from generator.problems import Problem, annotation, escape_data, escape_property, summary_table  # noqa: E402
from generator.schema import load_config  # noqa: E402

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
LINKS = WORKFLOWS / "links.yml"
GUIDE = ROOT / "HUONG_DAN.md"
README = ROOT / "README.md"
SHELL_BUILTINS = {"[", "test", "fi", "echo", ":"}
PROBLEM = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+|\*):(?P<column>[^:]+): (?P<message>.+)$")
# The actions the workflows may use, each pinned to the full commit of a release (a tag can be
# moved to other code; a commit cannot), with the release named in a comment on the same line.
ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
    "actions/upload-artifact",
    "actions/cache",
    "actions/download-artifact",
    "actions/setup-node",
}
PINNED = re.compile(r"^\s*(?:- )?uses: (?P<name>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40})  # (?P<version>v\d+\.\d+\.\d+)$")


def action(uses: str) -> str:
    """The action a step uses, without the commit it is pinned to."""
    return uses.split("@")[0]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


# --- reading workflows as GitHub does -------------------------------------------------------


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` block (YAML 1.1 reads a bare `on` key as True)."""
    on = workflow.get("on", workflow.get(True))
    return {name: {} for name in on} if isinstance(on, list) else on


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def step_named(workflow: dict, job: str, uses_or_run: str) -> tuple[int, dict]:
    for index, step in enumerate(steps(workflow, job)):
        if step.get("uses", "").startswith(uses_or_run) or step.get("run", "").strip() == uses_or_run:
            return index, step
    raise AssertionError(f"no step {uses_or_run!r} in job {job}")


def shell_commands(script: str) -> list[list[str]]:
    """The simple commands of a `run:` script, split on newlines, &&, ||, ; and |."""
    script = re.sub(r"\\\n", " ", script)
    commands = []
    for line in script.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part, comments=True)
            if words:
                commands.append(words)
    return commands


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([A-Za-z0-9_.-]+)\s*:(?!=)", text, re.MULTILINE)}


@functools.cache
def generator_subcommands() -> set[str]:
    result = run_generator("--help", cwd=ROOT)
    assert result.code == 0, result.err
    return set(re.findall(r"^\s{4}(\w+)\s{2,}", result.out, re.MULTILINE))


def command_problem(words: list[str]) -> str | None:
    """Why a command would not run in this repository, or None when it exists."""
    if words[0] in ("if", "then", "else"):  # `if [ -f X ]; then` runs what follows the keyword
        words = words[1:]
    if not words:
        return None
    program = words[0]
    if program in SHELL_BUILTINS:
        return None
    if program == "make":
        targets = [w for w in words[1:] if not w.startswith("-") and "=" not in w]
        missing = [t for t in targets if t not in make_targets()]
        return f"make has no target {missing}" if missing else None
    if re.fullmatch(r"(\.venv/bin/)?python(3(\.11)?)?", program):
        if program.startswith(".venv/") and not (ROOT / "Makefile").read_text().count("VENV := .venv"):
            return "the Makefile does not create .venv"
        if words[1:3] == ["-m", "generator"]:
            sub = next((w for w in words[3:] if not w.startswith("-")), None)
            return None if sub in generator_subcommands() else f"generator has no subcommand {sub!r}"
        script = next((w for w in words[1:] if not w.startswith("-")), "")
        return None if (ROOT / script).is_file() else f"no script {script!r}"
    if program == "gh":  # the runner's GitHub CLI: only to keep the current workbook on a release
        return None if words[1:2] == ["release"] and words[2] in ("view", "create", "upload") else f"gh {words[1:3]}"
    if program == "npx":  # a host's command-line tool, at a pinned version, never prompting
        package = next((w for w in words[1:] if not w.startswith("-")), "")
        pinned = re.fullmatch(r"[a-z][a-z0-9-]*@\d+\.\d+\.\d+", package)
        return None if "--yes" in words and pinned else f"npx without --yes or a pinned version: {words}"
    return f"unknown program {program!r}"


# --- the workflow files -------------------------------------------------------------------


def test_workflow_files_parse() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert PUBLISH in files and LINKS in files
    for path in files:
        workflow = load(path)
        assert workflow["name"], path
        assert triggers(workflow), path
        for name, job in workflow["jobs"].items():
            assert job["runs-on"].startswith("ubuntu-"), (path, name)
            assert job["steps"], (path, name)
            for step in job["steps"]:
                assert ("uses" in step) != ("run" in step), (path, name, step)


def test_every_command_the_workflows_run_exists() -> None:
    seen = 0
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job_name, job in load(path)["jobs"].items():
            for step in job["steps"]:
                for words in shell_commands(step.get("run", "")):
                    seen += 1
                    assert command_problem(words) is None, (path.name, job_name, words, command_problem(words))
    assert seen >= 4


def test_workflows_use_the_readme_commands() -> None:
    """Setup is the README's: make creates the environment; the workflow never pip-installs by hand."""
    readme = README.read_text(encoding="utf-8")
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                for words in shell_commands(step.get("run", "")):
                    if words[0] == "make":
                        assert f"make {words[1]}" in readme, words
                    assert "pip" not in words, words


def test_actions_are_pinned_to_a_commit_with_their_release() -> None:
    seen = 0
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                seen += 1
                pinned = PINNED.match(line)
                assert pinned, (path.name, line)
                assert pinned["name"] in ACTIONS, (path.name, line)
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert action(step["uses"]) in ACTIONS, step["uses"]
    assert seen >= 20


def test_one_release_of_each_action_everywhere() -> None:
    """Dependabot moves every use of an action together; a stray pin would be a second version."""
    found: dict[str, set[str]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if pinned := PINNED.match(line):
                found.setdefault(pinned["name"], set()).add(f"{pinned['sha']} {pinned['version']}")
    assert found and all(len(pins) == 1 for pins in found.values()), found


def test_jobs_hold_only_the_permissions_they_need() -> None:
    """Nothing by default; read to check out; write only where a job commits or deploys."""
    writers = {("import.yml", "import"): {"contents": "write", "actions": "write"}}
    writers[("publish.yml", "deploy")] = {"pages": "write", "id-token": "write"}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            granted = job["permissions"]
            # A job that attaches files to a release (gh release) may write contents, nothing more.
            releases = any("gh release" in step.get("run", "") for step in job["steps"])
            if (path.name, name) in writers:
                assert granted == writers[(path.name, name)], (path.name, name)
            elif releases:
                assert granted == {"contents": "write"}, (path.name, name, granted)
            else:
                assert set(granted.values()) == {"read"}, (path.name, name, granted)


def test_checkouts_leave_no_token_behind_unless_the_job_pushes() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in load(path)["jobs"].items():
            for step in job["steps"]:
                if action(step.get("uses", "")) == "actions/checkout":
                    pushes = (path.name, name) == ("import.yml", "import")
                    assert step["with"]["persist-credentials"] is pushes, (path.name, name)


def test_no_expression_is_pasted_into_a_shell() -> None:
    """Values from the event, inputs or other steps reach run: through env, never as text."""
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


def test_publish_runs_on_pull_request_and_push_to_main() -> None:
    on = triggers(load(PUBLISH))
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_build_job_checks_then_builds_then_tests_with_python_311() -> None:
    workflow = load(PUBLISH)
    _, python = step_named(workflow, "build", "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    _, checkout = step_named(workflow, "build", "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0, "the build date comes from the data's last commit"
    order = [step_named(workflow, "build", run)[0] for run in ("make check", "make site", "make test")]
    assert order == sorted(order)
    upload, artifact = step_named(workflow, "build", "actions/upload-pages-artifact")
    assert upload > order[-1], "the site is packaged only after every check passed"
    assert artifact["with"]["path"] == "site"
    assert "refs/heads/main" in artifact["if"] and "pull_request" in artifact["if"]
    for step in steps(workflow, "build")[: upload + 1]:
        assert not step.get("continue-on-error"), step
        assert "always()" not in str(step.get("if", "")), step
    assert "continue-on-error" not in workflow["jobs"]["build"]


def test_build_job_reuses_the_last_good_build() -> None:
    """CI restores build/cache and build/docs before `make site` (a one-row commit renders what
    that row shows), from the newest entry of the same requirements; never into the site."""
    workflow = load(PUBLISH)
    index, cache = step_named(workflow, "build", "actions/cache")
    assert index < step_named(workflow, "build", "make site")[0]
    assert cache["with"]["path"].split() == ["build/cache", "build/docs"]
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip()
    assert key == restore + "${{ github.sha }}" and "hashFiles('requirements.txt')" in restore


def test_check_step_runs_under_github_actions_so_problems_are_annotated() -> None:
    """`make check` runs `python -m generator check`, which annotates when GITHUB_ACTIONS=true."""
    workflow = load(PUBLISH)
    _, check = step_named(workflow, "build", "make check")
    assert "GITHUB_ACTIONS" not in check.get("env", {})
    dry = subprocess.run(["make", "-n", "check"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "-m generator check --data data" in dry.stdout


def test_deploy_needs_the_build_and_never_cancels_a_deploy() -> None:
    workflow = load(PUBLISH)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert "always()" not in deploy["if"] and "failure()" not in deploy["if"]
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    uses = [action(step["uses"]) for step in deploy["steps"]]
    assert uses == ["actions/configure-pages", "actions/deploy-pages"]
    # Only the deploy job may write Pages or mint an OIDC token.
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    # Runs on main are serialised in commit order and never cancelled.
    assert "pull_request" in str(workflow["concurrency"]["cancel-in-progress"])


def test_a_manual_run_can_allow_removing_published_pages() -> None:
    """Only a deliberate manual run skips the published-pages check (e.g. a withdrawn consent)."""
    workflow = load(PUBLISH)
    flag = triggers(workflow)["workflow_dispatch"]["inputs"]["allow_removed_pages"]
    assert flag["type"] == "boolean" and flag["default"] is False
    published = next(step for step in steps(workflow, "build") if "--previous-sitemap" in step.get("run", ""))
    assert published["if"] == "${{ !inputs.allow_removed_pages }}"
    label = re.search(r"Ô \*\*“([^”]+)”\*\*", GUIDE.read_text(encoding="utf-8")).group(1)
    assert " ".join(flag["description"].split()).startswith(" ".join(label.split()))


def test_weekly_link_check_reports_without_blocking() -> None:
    workflow = load(LINKS)
    on = triggers(workflow)
    cron = on["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2:4] == ["*", "*"] and cron[4] != "*", "once a week"
    (job,) = workflow["jobs"].values()
    assert job["continue-on-error"] is True
    assert workflow["permissions"] == {} and job["permissions"] == {"contents": "read"}
    assert "deploy" not in workflow["jobs"] and "needs" not in job
    assert not any("links" in step.get("run", "") for step in steps(load(PUBLISH), "build"))


# --- annotation escaping ------------------------------------------------------------------


def _unescape_data(value: str) -> str:
    # As the Actions runner reads a workflow command (ActionCommand.Unescape*).
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Split `::name k=v,k=v::message` the way the Actions runner does."""
    assert line.startswith("::")
    end = line.index("::", 2)
    head, data = line[2:end], line[end + 2 :]
    name, _, rest = head.partition(" ")
    properties = {}
    for pair in filter(None, rest.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = _unescape_property(value)
    return name, properties, _unescape_data(data)


def test_escape_data_percent_cr_lf() -> None:
    assert escape_data("100%") == "100%25"
    assert escape_data("a\r\nb") == "a%0D%0Ab"
    assert escape_data("%0A literal") == "%250A literal"
    assert escape_data("a: b, c") == "a: b, c"


def test_escape_property_also_colon_and_comma() -> None:
    assert escape_property("C:\\a,b") == "C%3A\\a%2Cb"
    assert escape_property("50%:\n") == "50%25%3A%0A"
    assert escape_property("%3A") == "%253A"


def test_annotation_round_trips_through_the_runner() -> None:
    problem = Problem("data/a,b:c%d.csv", 7, "x,y:z", "100% sai\r\nhai: dòng, ba %0A::")
    line = annotation(problem)
    assert "\n" not in line and "\r" not in line
    name, properties, message = parse_command(line)
    assert name == "error"
    assert properties == {"file": problem.path, "line": "7", "title": "a,b:c%d.csv – cột x,y:z"}
    assert message == problem.text


def test_summary_table_keeps_one_row_per_problem() -> None:
    problems = [Problem("data/x.csv", 2, "a", "một | hai\nba"), Problem("data/x.csv", 3, "*", "bốn")]
    rows = [line for line in summary_table(problems).splitlines() if line.startswith("| data/")]
    assert rows == ["| data/x.csv | 2 | a | một \\| hai ba |", "| data/x.csv | 3 | * | bốn |"]


def test_summary_table_shows_html_tag_names_as_text() -> None:
    message = "Không được dùng thẻ HTML (như <script>, <img>, <a>) trong nội dung."
    table = summary_table([Problem("data/x.csv", 2, "story", message)])
    assert "&lt;script&gt;, &lt;img&gt;, &lt;a&gt;" in table


# --- check under GitHub Actions, on every broken fixture -----------------------------------


def _github_check(data: Path) -> tuple[int, list[str], list[str], str]:
    summary = data.parent / "summary.md"
    result = run_generator(
        "check",
        "--data",
        "data",
        cwd=data.parent,
        env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert "Traceback" not in result.out + result.err
    plain = [line for line in result.lines if not line.startswith("::")]
    commands = [line for line in result.lines if line.startswith("::")]
    return result.code, plain, commands, summary.read_text(encoding="utf-8")


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_check_annotates_every_problem_of_every_fixture(case_file: Path, data_copy: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    apply_case(case, data_copy)
    code, plain, commands, summary = _github_check(data_copy)
    if case.get("valid"):
        assert (code, plain, commands) == (0, [], [])
        assert "Dữ liệu hợp lệ" in summary
        return
    assert code == 1, "the workflow's check step fails, so nothing after it runs and nothing deploys"
    problems = [PROBLEM.match(line).groupdict() for line in plain]
    assert len(problems) == len(commands) >= len(case["expect"])
    for problem, command in zip(problems, commands, strict=True):
        name, properties, message = parse_command(command)
        assert name == "error"
        assert properties["file"] == problem["path"] and properties["file"].startswith("data/")
        assert properties.get("line", "*") == problem["line"]
        assert properties["title"] == f"{Path(problem['path']).name} – cột {problem['column']}"
        assert message == problem["message"]
    assert f"cần sửa {len(problems)} lỗi" in summary
    rows = [line for line in summary.splitlines() if line.startswith("| data/")]
    assert len(rows) == len(problems)
    for problem, row in zip(problems, rows, strict=True):
        assert row.startswith(f"| {problem['path']} | {problem['line']} | {problem['column']} | ")


# --- the build job's own commands, run on a copy of the repository -------------------------


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The files the build job needs, with this checkout's .venv, so `make` runs offline."""
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("Makefile", "mkdocs.yml", "requirements.txt", "requirements-test.txt"):
        shutil.copy2(ROOT / name, copy / name)
        os.utime(copy / name, (0, 0))  # older than .venv's stamps: make never reinstalls
    for name in ("generator", "site_config", "content", "data", ".github", "tests/tools"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def run_job(repo: Path, skip: set[str], env: dict[str, str] | None = None) -> list[tuple[str, int, str]]:
    """Run the build job's `run:` steps in order with bash -e, as the runner does; stop at a failure.

    Returns (step name, exit status, output) for each step that ran. `env` adds to the runner's
    environment (an event payload, say).
    """
    extra = env or {}
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(repo / "summary.md"), SOURCE_DATE_EPOCH="1764115200")
    env.update(extra)
    # The job fetches the live sitemap; here any address but 127.0.0.1 fails at once, offline.
    dead = "http://127.0.0.1:9"
    env.update(http_proxy=dead, https_proxy=dead, HTTP_PROXY=dead, HTTPS_PROXY=dead, no_proxy="127.0.0.1")
    ran = []
    for step in steps(load(PUBLISH), "build"):
        script = step.get("run")
        if script is None or script.strip() in skip:
            continue
        proc = subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True)
        ran.append((step["name"], proc.returncode, proc.stdout + proc.stderr))
        if proc.returncode != 0:
            break
    return ran


CHECK, PUBLISHED, SITE = "Kiểm tra dữ liệu", "Kiểm tra trang đã công bố không bị mất", "Tạo trang web"
PRIVACY, HOST, SCOPE = "Kiểm tra kho riêng tư cho dữ liệu cá nhân", "Chọn nơi xuất bản", "Xác định phần thay đổi"
VERIFY = "Kiểm tra trang trước khi xuất bản (chỉ đổi dữ liệu, bài viết)"
BEFORE_CHECK = [(PRIVACY, 0), (HOST, 0), (SCOPE, 0)]  # the sample is demo data: the privacy gate lets it through


def test_broken_data_commit_fails_the_job_before_anything_is_built(repo_copy: Path) -> None:
    case = yaml.safe_load((ROOT / "tests" / "defects" / "phone.yml").read_text(encoding="utf-8"))
    edits = apply_case(case, repo_copy / "data")
    ran = run_job(repo_copy, skip={"make test"})
    assert [(name, code != 0) for name, code, _ in ran] == [
        (PRIVACY, False),
        (HOST, False),
        (SCOPE, False),
        (CHECK, True),
    ]
    line = edits["cooperatives.csv"]["rows"]["htx-tom-cang-vinh-binh"]
    output = ran[-1][2]
    assert f"::error file=data/cooperatives.csv,line={line},title=cooperatives.csv – cột phone::" in output
    assert f"::error file=data/cooperatives.csv,line={line},title=cooperatives.csv – cột zalo::" in output
    assert "| data/cooperatives.csv |" in (repo_copy / "summary.md").read_text(encoding="utf-8")
    assert not (repo_copy / "site").exists(), "nothing to upload, so nothing deploys"


def test_good_data_commit_builds_the_folder_that_deploys(repo_copy: Path) -> None:
    ran = run_job(repo_copy, skip={"make test"})  # make test is this test suite itself
    assert [(name, code) for name, code, _ in ran] == [
        *BEFORE_CHECK,
        (CHECK, 0),
        (PUBLISHED, 0),
        (SITE, 0),
        (VERIFY, 0),
    ], ran[-1][2]
    assert "bỏ qua bước so sánh với trang đang chạy" in ran[4][2], "no live site reachable: skipped, not failed"
    assert "Không có dữ liệu riêng tư nào trong site" in ran[-1][2]
    _, artifact = step_named(load(PUBLISH), "build", "actions/upload-pages-artifact")
    site = repo_copy / artifact["with"]["path"]
    for page in ("index.html", "404.html", "sitemap.xml", "htx/index.html", "san-pham/index.html"):
        assert (site / page).is_file(), page
    assert "Dữ liệu hợp lệ" in (repo_copy / "summary.md").read_text(encoding="utf-8")


@pytest.fixture
def live_site(repo_copy: Path) -> Iterator[str]:
    """A stand-in for the live site on 127.0.0.1, serving a sitemap; portal.yml points at it."""
    root = repo_copy.parent / "live"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/"
    portal = repo_copy / "site_config" / "portal.yml"
    text = portal.read_text(encoding="utf-8")
    portal.write_text(re.sub(r"^site_url:.*$", f'site_url: "{url}"', text, flags=re.MULTILINE), encoding="utf-8")
    pages = ["", "htx/htx-tom-cang-vinh-binh/", "san-pham/mam-ca-loc/", "san-pham/tom-cang-xanh-tuoi/"]
    (root / "sitemap.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8'?>\n<urlset>\n"
        + "".join(f"  <url><loc>{url}{page}</loc></url>\n" for page in pages)
        + "</urlset>\n",
        encoding="utf-8",
    )
    yield url
    httpd.shutdown()
    httpd.server_close()


def test_removing_a_published_page_fails_the_job(repo_copy: Path, live_site: str) -> None:
    products = repo_copy / "data" / "products.csv"
    lines = products.read_text(encoding="utf-8").split("\n")
    products.write_text("\n".join(line for line in lines if not line.startswith("mam-ca-loc,")), encoding="utf-8")
    ran = run_job(repo_copy, skip={"make test"})
    failed = [(name, code != 0) for name, code, _ in ran]
    assert failed == [(PRIVACY, False), (HOST, False), (SCOPE, False), (CHECK, False), (PUBLISHED, True)]
    _, _, output = ran[-1]
    assert (
        f"::error file=build/live-sitemap.xml,line=5,title=live-sitemap.xml – cột loc::"
        f"Trang đã công bố {live_site}san-pham/mam-ca-loc/ sẽ bị mất" in output
    )
    assert not (repo_copy / "site").exists()


def test_keeping_published_pages_passes(repo_copy: Path, live_site: str) -> None:
    ran = run_job(repo_copy, skip={"make test", "make site", "make verify"})
    assert [(name, code) for name, code, _ in ran] == [*BEFORE_CHECK, (CHECK, 0), (PUBLISHED, 0)], ran[-1][2]
    assert f"Đã tải sitemap của trang đang chạy: {live_site}sitemap.xml" in ran[-1][2]


# --- the weekly link check, offline -------------------------------------------------------


@pytest.fixture
def link_checker(monkeypatch: pytest.MonkeyPatch):
    def no_network(*args, **kwargs):
        raise AssertionError("tests never reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    path = ROOT / ".github" / "scripts" / "check_links.py"
    spec = importlib.util.spec_from_file_location("check_links", path)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "check_links", module)
    spec.loader.exec_module(module)
    return module


def test_link_check_reports_broken_links_on_their_csv_line(
    link_checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site, data = tmp_path / "site", tmp_path / "data"
    (site / "htx" / "a").mkdir(parents=True)
    data.mkdir()
    (site / "sitemap.xml").write_text("<urlset><url><loc>https://portal.example.vn/</loc></url></urlset>")
    (site / "index.html").write_text(
        '<a href="https://portal.example.vn/htx/">x</a><a href="../htx/">y</a>'
        '<a href="https://cho.example.vn/het#mua">z</a><img src="https://facebook.com/p.jpg">'
    )
    (site / "htx" / "a" / "index.html").write_text('<a href="https://ok.example.vn/">ok</a>')
    (data / "products.csv").write_text("id,buy_url\nx,https://ok.example.vn/\ny,https://cho.example.vn/het\n")
    results = {
        "https://cho.example.vn/het": link_checker.Result(status=404),
        "https://facebook.com/p.jpg": link_checker.Result(status=403),
        "https://ok.example.vn/": link_checker.Result(status=200),
    }
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.chdir(tmp_path)
    code = link_checker.main(["--site", "site", "--data", "data", "--content", "content"], fetch=results.__getitem__)
    assert code == 0, "a report, never a failure"
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if line.startswith("::warning")]
    assert len(warnings) == 1
    _, properties, message = parse_command(warnings[0])
    assert properties == {"file": "data/products.csv", "line": "3", "title": "Liên kết ngoài hỏng"}
    assert message == "https://cho.example.vn/het – Không tìm thấy trang (404)"
    table = summary.read_text(encoding="utf-8")
    assert "Đã thử 3 liên kết ra ngoài trang. Hỏng: 1." in table
    assert "| https://cho.example.vn/het | Không tìm thấy trang (404) | data/products.csv dòng 3 |" in table
    assert "https://facebook.com/p.jpg | Trang chặn máy kiểm tra (403)" in table


def test_link_check_escapes_like_the_generator(link_checker) -> None:
    for value in ("100%", "a\r\nb", "C:\\x,y", "%3A"):
        assert link_checker.escape_data(value) == escape_data(value)
        assert link_checker.escape_property(value) == escape_property(value)


# --- the staff guide ----------------------------------------------------------------------


def guide_code_lines() -> list[str]:
    """Every line inside a fenced code block of HUONG_DAN.md."""
    lines, inside = [], False
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside:
            lines.append(line)
    return lines


def test_readme_links_the_guide_and_documents_static_hosting() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "(HUONG_DAN.md)" in readme
    assert "## Publishing on any static host" in readme
    for host in ("nginx", "Netlify", "Cloudflare Pages", "GitHub Pages"):
        assert host in readme


def test_every_command_quoted_in_the_guide_exists() -> None:
    commands = [line.strip() for line in guide_code_lines() if re.match(r"\s*(make|\.venv/bin/python) ", line)]
    assert "make serve" in commands and "make check" in commands
    for command in commands:
        words = shlex.split(command)
        assert command_problem(words) is None, (command, command_problem(words))


def test_guide_covers_what_staff_need() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for words in (
        "CSV UTF-8",
        "LibreOffice",
        "Google Trang tính",
        "data/images/",
        "consents.csv",
        "withdrawn",
        "content/tin-tuc/",
        "make serve",
        "Commit changes",
        "Annotations",
        "Revert",
        "vẫn giữ nguyên",
    ):
        assert words in guide, words


def test_guide_lists_the_real_columns_and_keys() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    package = yaml.safe_load((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        start = guide.index(f"\n- `{resource['path']}`:")
        block = re.split(r"\n- |\n\n", guide[start + 1 :])[0]
        required = [f["name"] for f in resource["schema"]["fields"] if f.get("constraints", {}).get("required")]
        for name in required:
            assert f"`{name}`" in block, (resource["path"], name)
    portal = yaml.safe_load((ROOT / "site_config" / "portal.yml").read_text(encoding="utf-8"))
    for key in [*portal["sectors"], *portal["categories"]]:
        assert f"`{key}`" in guide, key


# Each edit breaks one cell the way staff might, so every kind of message in generator/load.py
# and generator/validate.py appears exactly once. HUONG_DAN.md quotes these messages.
Edit = tuple[str, dict[str, str] | None, str, str]  # file, row (column values to match; None appends), column, value

CELL_EDITS: list[Edit] = [
    ("cooperatives.csv", {"id": "tht-may-gia-cong-vinh-thuan"}, "phone", "091234"),
    ("cooperatives.csv", {"id": "tht-banh-trang-vinh-thuan"}, "email", "tohoptac.gmail.com"),
    ("cooperatives.csv", {"id": "tht-ban-hang-nong-san-vinh-thuan"}, "website", "www.nongsanvinhthuan.vn"),
    ("cooperatives.csv", {"id": "tht-nuoi-luon-vinh-thuan"}, "members_female", "90"),
    ("cooperatives.csv", {"id": "tht-lua-tom-vinh-thuan"}, "women_managers_trained", "5"),
    ("cooperatives.csv", {"id": "tht-nuoi-vit-vinh-thuan"}, "founded", "2018-02-30"),
    ("cooperatives.csv", {"id": "tht-dua-cai-muoi-vinh-thuan"}, "founded", "12/4/2022"),
    ("cooperatives.csv", {"id": "tht-rau-an-toan-vinh-thuan"}, "status", "đang hoạt động"),
    ("cooperatives.csv", {"id": "tht-mam-ca-dong-vinh-thuan"}, "sector", "thủy sản"),
    ("cooperatives.csv", {"id": "tht-lua-tom-tan-thuan"}, "summary", ""),
    ("cooperatives.csv", {"id": "tht-det-dem-bang-tan-thuan"}, "address", "-Ấp Tân Phước"),
    ("cooperatives.csv", {"id": "tht-nuoi-ga-tan-thuan"}, "name", "Tá»• há»£p tÃ¡c nuÃ´i gÃ  Tân Thuận"),
    ("cooperatives.csv", {"id": "tht-tom-kho-vinh-binh-bac"}, "female_workers", "mười hai"),
    ("cooperatives.csv", {"id": "tht-lua-tom-vinh-binh-bac"}, "lat", "9,58"),
    ("cooperatives.csv", {"id": "tht-may-mac-vinh-binh-bac"}, "lon", "105.273.170"),
    ("cooperatives.csv", {"id": "tht-nuoi-vit-de-vinh-binh-bac"}, "lat", "9°35'"),
    ("cooperatives.csv", {"id": "tht-tom-cang-vinh-binh-nam"}, "female_workers", "-3"),
    ("cooperatives.csv", {"id": "tht-kho-ca-sac-vinh-binh-nam"}, "story", "Tổ có <b>12 chị em</b> làm khô."),
    ("cooperatives.csv", {"id": "tht-rau-mau-vinh-binh-nam"}, "story", "[Xem bản đồ](www.google.com/maps)"),
    ("cooperatives.csv", {"id": "tht-banh-dan-gian-vinh-binh-nam"}, "photo", "Bánh dân gian.jpg"),
    ("cooperatives.csv", {"id": "tht-ca-ruong-vinh-binh-nam"}, "photo", "ca-ruong.jpg"),
    ("cooperatives.csv", {"id": "tht-nam-rom-binh-minh"}, "former_ids", "Nấm Rơm"),
    ("cooperatives.csv", {"id": "tht-dan-luc-binh-binh-minh"}, "former_ids", "tht-nam-rom-binh-minh"),
    ("cooperatives.csv", {"id": "tht-ga-vit-binh-minh"}, "former_ids", "tht-chan-nuoi-binh-minh"),
    ("cooperatives.csv", {"id": "tht-tom-cang-lua-binh-minh"}, "former_ids", "tht-chan-nuoi-binh-minh"),
    ("cooperatives.csv", {"id": "tht-du-lich-cong-dong-binh-minh"}, "plan_year", "23"),
    ("cooperatives.csv", {"id": "tht-lua-tom-phong-dong"}, "commune", "phong-dong"),
    ("cooperatives.csv", {"id": "tht-nuoi-vit-phong-dong"}, "manager_name", "Trần Thị Mai"),
    ("cooperatives.csv", {"id": "tht-dan-luc-binh-phong-dong"}, "manager_name", "Lê Thị Bích Thuỷ"),
    ("consents.csv", {"id": "dy-2025-004"}, "withdrawn", "2025-11-20"),
    ("consents.csv", None, "*", "dy-2025-006,Nguyễn Thị Lan,tên,2025-09-01,2025-08-01,PĐY-2025-006"),
    ("consents.csv", None, "*", "dy-2025-007,Trần Thị Hoa,tên;chữ ký,2025-09-01,,PĐY-2025-007"),
    ("consents.csv", None, "*", "dy-2025-008,Lê Thị Cúc,tên,15/09/2025,,PĐY-2025-008"),
    ("models.csv", {"id": "lam-thi-ngoc-han-2025"}, "photo", "non-la.jpg"),
    ("products.csv", {"id": "tom-cang-xanh-lam-sach"}, "price_vnd", "135.000"),
    ("products.csv", {"id": "tom-su-ruong-lua"}, "price_vnd", "220.000đ"),
    ("products.csv", {"id": "tom-cang-xanh-tuoi"}, "summary", "Tôm càng\x00 xanh tươi."),
    ("products.csv", {"id": "gao-st25-lua-tom"}, "id", "gao-st25-" + "lua-tom-" * 11 + "5kg"),
    ("consents.csv", {"id": "dy-2024-003"}, "signed", "2205-06-03"),
    ("products.csv", {"id": "kho-ca-sac-boi"}, "ocop_stars", "6"),
    ("products.csv", {"id": "mam-ca-loc"}, "ocop_stars", "2"),
    ("products.csv", {"id": "do-bo-mac-nha"}, "buy_url", "http://shopee.vn/do-bo-mac-nha"),
    ("products.csv", {"id": "dem-bang"}, "photo", "dem-bang.jpg"),  # a file that is not a picture
    ("products.csv", {"id": "banh-trang-phoi-suong"}, "id", "Bánh tráng phơi sương"),
    ("products.csv", {"id": "luon-thuong-pham"}, "id", "hop-qua-dac-san-vinh-thuan"),
    ("cooperative_years.csv", {"cooperative_id": "htx-tom-cang-vinh-binh", "year": "2023"}, "year", "2022"),
    ("indicators.csv", {"indicator": "union_staff_trained", "period": "2025-H1"}, "period", "2025-6T"),
    ("indicators.csv", {"indicator": "union_staff_skills", "period": "2025"}, "value", "185"),
    ("indicators.csv", None, "*", "htx_consolidated,2025,,2,,"),
    ("communes.csv", {"code": "cu-binh-minh"}, "successor", "cu-binh-minh"),
    ("communes.csv", {"code": "cu-phong-dong"}, "successor", "cu-vinh-phong"),
]


def edit_cells(data: Path, edits: list[Edit]) -> None:
    """Change cells as staff would in a spreadsheet, keeping every other byte of the file."""
    by_file: dict[str, list[Edit]] = {}
    for edit in edits:
        by_file.setdefault(edit[0], []).append(edit)
    for name, file_edits in by_file.items():
        path = data / name
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header = rows[0]
        for _, match, column, value in file_edits:
            if match is None:
                rows.append(next(csv.reader([value])))
                continue
            row = next(r for r in rows[1:] if all(r[header.index(k)] == v for k, v in match.items()))
            row[header.index(column)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")


def break_cells(data: Path) -> None:
    edit_cells(data, CELL_EDITS)
    (data / "images" / "dem-bang.jpg").write_bytes(b"<html>not a photo</html>")  # saved from a web page
    shutil.copy(data / "products.csv", data / "products (1).csv")  # downloaded twice by the browser
    (data / "du-lieu-htx.xlsx").write_bytes(b"PK")  # a workbook uploaded instead of CSV files


def windows_1258(text: str) -> bytes:
    """What Excel's "CSV (Comma delimited)" writes on Vietnamese Windows: letters, then tone marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (letter + tones).encode("cp1258")
    return bytes(out)


def break_files(data: Path) -> None:
    """Whole-file mistakes: wrong encoding, a missing or empty file, a bad header, a bad row."""
    communes = data / "communes.csv"
    communes.write_bytes(windows_1258(communes.read_text(encoding="utf-8")))
    (data / "models.csv").unlink()
    (data / "indicators.csv").write_text("", encoding="utf-8")
    header, rest = (data / "cooperatives.csv").read_text(encoding="utf-8").split("\n", 1)
    header = header.replace(",summary,", ",tóm tắt,").replace(",facebook,", ",website,")
    (data / "cooperatives.csv").write_text(header + "\n" + rest, encoding="utf-8")
    years = (data / "cooperative_years.csv").read_text(encoding="utf-8").split("\n")
    years[3] += ",số liệu ước"  # typed in the column after the last one
    (data / "cooperative_years.csv").write_text("\n".join(years), encoding="utf-8")
    products = data / "products.csv"
    products.write_text(products.read_text(encoding="utf-8") + 'x,y,"' + "x" * 140_000 + "\n", encoding="utf-8")
    consents = data / "consents.csv"  # Excel with Vietnamese regional settings
    consents.write_text(consents.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")


NEWS_POSTS = {
    # file name: text, as staff might write a news post in content/tin-tuc/
    "2025-08-02-thieu-phan-dau.md": "Tập huấn kế toán cho HTX\n\nNgày 2/8/2025, Hội tổ chức lớp tập huấn.\n",
    "2025-08-03-sai-cu-phap.md": (
        "---\ntitle: Tập huấn: kế toán cho HTX\ndate: 2025-08-03\n"
        "description: Lớp tập huấn kế toán.\n---\n\nNội dung.\n"
    ),
    "2025-08-04-thieu-tieu-de.md": "---\ndate: 2025-08-04\ndescription: Hội chợ nông sản.\n---\n\nNội dung.\n",
    "2025-08-05-sai-ngay.md": (
        "---\ntitle: Hội chợ OCOP\ndate: 05/08/2025\ndescription: Sáu sản phẩm tham gia hội chợ.\n---\n\nNội dung.\n"
    ),
    "2025-08-06-thieu-tom-tat.md": "---\ntitle: Ra mắt tổ hợp tác\ndate: 2025-08-06\n---\n\nNội dung.\n",
    "2025-08-07-tap-huan.md": "---\ntitle: Tập huấn\ndate: 2025-08-07\ndescription: Lớp tập huấn.\n---\n\nNội dung.\n",
    "2025-08-07-tập-huấn.md": "---\ntitle: Tập huấn\ndate: 2025-08-07\ndescription: Lớp tập huấn.\n---\n\nNội dung.\n",
    "2025-08-08-lien-ket-la.md": (
        "---\ntitle: Hội chợ\ndate: 2025-08-08\ndescription: Hội chợ.\n---\n\n[Bấm vào đây](javascript:alert(1))\n"
    ),
    "2025-08-09-the-html.md": (
        "---\ntitle: Video\ndate: 2025-08-09\ndescription: Video.\n---\n\nXem video:\n\n<iframe src=x></iframe>\n"
    ),
}


def break_news(base: Path) -> Path:
    """A copy of content/ with one broken post per kind of news problem."""
    shutil.copytree(ROOT / "content", base / "content")
    news = base / "content" / "tin-tuc"
    for name, text in NEWS_POSTS.items():
        (news / name).write_text(text, encoding="utf-8")
    text = "---\ntitle: Hội nghị sơ kết\ndate: 2025-08-01\ndescription: Sơ kết 6 tháng.\n---\n\nNội dung.\n"
    (news / "2025-08-01-luu-sai-bang-ma.md").write_bytes(windows_1258(text))
    return news


def live_sitemap(path: Path, pages: list[str]) -> None:
    """A sitemap.xml like the live site's, listing pages under portal.yml's site_url."""
    base = yaml.safe_load((ROOT / "site_config" / "portal.yml").read_text(encoding="utf-8"))["site_url"]
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = "".join(f"<url><loc>{base}{page}</loc></url>\n" for page in pages)
    path.write_text(f"<?xml version='1.0' encoding='UTF-8'?>\n<urlset>\n{rows}</urlset>\n", encoding="utf-8")


def guide_messages() -> set[tuple[str, str, str]]:
    """(path, column, message) of every `check` line quoted in the guide (line numbers aside)."""
    found = set()
    for line in guide_code_lines():
        match = PROBLEM.match(line.strip())
        if match:
            found.add((match["path"], match["column"], match["message"]))
    return found


def message_kinds() -> set[str]:
    """Every kind of problem `check` reports about data/ and content/, from the catalogue: its codes
    up to the variant. Less "sitemap" (the job never passes a missing one), "json" (a broken
    datapackage.json stops every other check), "file" (a symbolic link in content/ cannot be
    uploaded through GitHub) and "where" (the row's place in Excel, part of other messages)."""
    return {code.split(".")[0] for code in messages.DATA | messages.CONTENT} - {"sitemap", "json", "file", "where"}


@pytest.fixture
def broken_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    return collect_broken_problems(tmp_path, monkeypatch)


def collect_broken_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    """What `check` reports, run from the project folder as staff do, for every break above."""
    problems = []
    for name, breaker in (("cells", break_cells), ("files", break_files)):
        base = tmp_path / name
        shutil.copytree(DATA, base / "data")
        breaker(base / "data")
        monkeypatch.chdir(base)
        problems += pipeline.check(Path("data"))
    base = tmp_path / "news"
    shutil.copytree(DATA, base / "data")
    break_news(base)
    monkeypatch.chdir(base)
    problems += pipeline.check(Path("data"), content_dir=Path("content"))
    monkeypatch.undo()
    base = tmp_path / "emptied"  # every row lost in a bad save: the header alone is left
    shutil.copytree(DATA, base / "data")
    products = base / "data" / "products.csv"
    products.write_text(products.read_text(encoding="utf-8").split("\n", 1)[0] + "\n", encoding="utf-8")
    monkeypatch.chdir(base)
    problems += pipeline.check(Path("data"))
    monkeypatch.undo()
    base = tmp_path / "sitemap"
    shutil.copytree(DATA, base / "data")
    live_sitemap(base / "build" / "live-sitemap.xml", ["", "htx/", "san-pham/mam-ca-loc/"])
    products = base / "data" / "products.csv"
    lines = products.read_text(encoding="utf-8").split("\n")
    products.write_text("\n".join(line for line in lines if not line.startswith("mam-ca-loc,")), encoding="utf-8")
    shutil.copy(base / "data" / "images" / "non-la.jpg", base / "data" / "images" / "anh-moi.jpg")  # no row names it
    monkeypatch.chdir(base)
    problems += pipeline.check(Path("data"), Path("build/live-sitemap.xml"))
    problems += check_without_contacts(tmp_path / "contact", monkeypatch)
    return problems


def check_without_contacts(base: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    """What `check` says when a commune's Union has no number yet and portal.yml's publisher
    none either: a group there that publishes none has no one to answer a buyer."""
    shutil.copytree(DATA, base / "data")
    edits = [
        ("communes.csv", None, "*", "vinh-hoa,Vĩnh Hòa,xã,,,,,,,"),  # a new commune, its Union's number not known yet
        ("cooperatives.csv", {"id": "tht-nuoi-vit-vinh-thuan"}, "commune", "vinh-hoa"),
    ]
    edit_cells(base / "data", edits)
    config = load_config()
    config["publisher"] = {**config["publisher"], "phone": ""}
    monkeypatch.setattr(pipeline, "load_config", lambda: config)
    monkeypatch.chdir(base)
    try:
        return pipeline.check(Path("data"))
    finally:
        monkeypatch.undo()


def test_edits_reach_every_kind_of_message(broken_problems: list[Problem]) -> None:
    assert message_kinds() - {p.kind for p in broken_problems} == set()


def test_guide_quotes_every_message_exactly(broken_problems: list[Problem]) -> None:
    real = {(p.path, p.column, p.text) for p in broken_problems}
    quoted = guide_messages()
    assert sorted(quoted - real) == [], "the guide quotes a message check does not print"
    assert sorted(real - quoted) == [], "a message check prints is missing from the guide"


# --- the fast path for what staff change ---------------------------------------------------


def git_repo(folder: Path) -> Callable[..., str]:
    def git(*args: str) -> str:
        command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args]
        return subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout.strip()

    folder.mkdir()
    git("init", "-q")
    for name in ("data/a.csv", "content/tin-tuc/a.md", "generator/a.py"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("1\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "đầu")
    return git


@pytest.mark.parametrize(
    "changed, scope",
    [
        (["data/a.csv"], "data"),
        (["data/a.csv", "content/tin-tuc/a.md", "nhap/bang-tinh.xlsx"], "data"),
        (["data/a.csv", "generator/a.py"], "code"),
        (["site_config/portal.yml"], "code"),
    ],
)
def test_a_commit_that_changes_only_what_staff_edit_takes_the_fast_path(
    tmp_path: Path, changed: list[str], scope: str
) -> None:
    git = git_repo(tmp_path / "repo")
    base = git("rev-parse", "HEAD")
    for name in changed:
        (tmp_path / "repo" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "repo" / name).write_text("2\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "sửa")
    output = tmp_path / "output"
    script = ROOT / ".github" / "scripts" / "change_scope.py"
    for given, expected in ((base, scope), ("0" * 40, "code"), ("", "code"), ("f" * 40, "code")):
        output.write_text("", encoding="utf-8")
        env = {**os.environ, "GITHUB_OUTPUT": str(output)}
        subprocess.run([sys.executable, str(script), given], cwd=tmp_path / "repo", env=env, check=True)
        assert output.read_text(encoding="utf-8") == f"scope={expected}\n", (given, changed)


def test_the_fast_path_skips_only_the_full_suite() -> None:
    workflow = load(PUBLISH)
    names = [step.get("name") for step in steps(workflow, "build")]
    assert names.index("Xác định phần thay đổi") < names.index("Kiểm tra dữ liệu")
    _, verify = step_named(workflow, "build", "make verify")
    _, full = step_named(workflow, "build", "make test")
    assert verify["if"] == "steps.scope.outputs.scope == 'data'"
    assert full["if"] == "steps.scope.outputs.scope != 'data'"
    guarded = [step for step in steps(workflow, "build") if "if" in step and step is not verify and step is not full]
    assert all("scope" not in str(step["if"]) for step in guarded), "validation, build and the sitemap guard always run"


def test_verify_finds_a_private_value_a_script_or_a_broken_link_in_a_built_site(
    built_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)

    def verify(tool: str, *args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, str(ROOT / "tests" / "tools" / tool), str(site), *args]
        return subprocess.run(command, capture_output=True, text=True)

    assert verify("privacy_scan.py", str(DATA)).returncode == 0
    assert verify("scan.py").returncode == 0
    assert verify("linkcheck.py").returncode == 0
    page = site / "lien-he" / "index.html"
    text = page.read_text(encoding="utf-8")
    leaked = text.replace("</main>", "<p>Ghi chú: PĐY-2024-003</p></main>", 1)  # a consent's document number
    page.write_text(leaked.replace("</main>", '<a href="../khong-co/">x</a><script>alert(1)</script></main>', 1))
    leak = verify("privacy_scan.py", str(DATA))
    assert leak.returncode == 1 and "lien-he/index.html: 'PĐY-2024-003'" in leak.stdout
    assert verify("scan.py").returncode == 1
    assert verify("linkcheck.py").returncode == 1


# --- the workflow auditor -----------------------------------------------------------------

ZIZMOR = Path(sys.executable).parent / "zizmor"  # from requirements-test.txt


def zizmor(folder: Path) -> subprocess.CompletedProcess:
    """zizmor on folder, offline (no GitHub API: the pins are checked by their form, not looked up)."""
    assert ZIZMOR.is_file(), "make test installs zizmor (requirements-test.txt)"
    command = [str(ZIZMOR), "--offline", "--no-progress", "--format", "plain", str(folder)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    """The workflows and dependabot.yml pass the auditor (`make audit-workflows` runs the same)."""
    result = zizmor(WORKFLOWS.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr
    # a file zizmor cannot read (a duplicate key) is skipped with a warning, not reported
    assert "failed to parse" not in result.stdout + result.stderr, result.stdout + result.stderr


def test_zizmor_would_report_a_tag_a_kept_token_and_a_pasted_expression(tmp_path: Path) -> None:
    """The audit can fail: the publishing workflow as it was before pinning is reported."""
    text = PUBLISH.read_text(encoding="utf-8")
    text = re.sub(r"actions/checkout@[0-9a-f]{40}  # v[\d.]+", "actions/checkout@v4", text)
    text = text.replace("persist-credentials: false", "clean: true", 1)  # the default: the token stays
    pasted = "run: echo ${{ github.event.pull_request.title }}"
    text = text.replace('run: python3 .github/scripts/change_scope.py "$BASE"', pasted)
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "publish.yml").write_text(text, encoding="utf-8")
    result = zizmor(folder.parent)
    found = result.stdout + result.stderr
    assert result.returncode != 0
    assert "unpinned-uses" in found and "artipacked" in found and "template-injection" in found, found
