"""Private data stays private: the privacy gate, the choice of host and each host's deploy step.

The gate is driven by event payloads shaped like the ones GitHub writes for push, pull_request and
workflow_dispatch; the hosts' tools are replaced by a fake `npx` that records what it was given.
Nothing here reaches the network.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT
from test_workflow import GUIDE, PUBLISH, README, load, repo_copy, run_job, steps  # noqa: F401 - repo_copy is a fixture

SCRIPTS = ROOT / ".github" / "scripts"
PORTAL = ROOT / "site_config" / "portal.yml"
PRIVACY, HOST = "Kiểm tra kho riêng tư cho dữ liệu cá nhân", "Chọn nơi xuất bản"
REFUSAL_TITLE = "## Dừng xuất bản: kho công khai có dữ liệu cá nhân thật"
WRANGLER, NETLIFY = "wrangler@4.164.0", "netlify-cli@27.10.2"


def script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


deploy_host = script("deploy_host")


# --- event payloads as GitHub sends them ---------------------------------------------------


def repository(private: bool) -> dict:
    """The `repository` object of a webhook payload (the fields the gate may read, and some others)."""
    return {
        "id": 812345678,
        "node_id": "R_kgDOMG1xTg",
        "name": "htx-phunu-vinhthuan",
        "full_name": "hoi-lhpn-vinhthuan/htx-phunu-vinhthuan",
        "private": private,
        "owner": {"login": "hoi-lhpn-vinhthuan", "type": "Organization"},
        "html_url": "https://github.com/hoi-lhpn-vinhthuan/htx-phunu-vinhthuan",
        "fork": False,
        "default_branch": "main",
        "visibility": "private" if private else "public",
    }


def payload(event: str, private: bool) -> dict:
    repo = repository(private)
    sender = {"login": "canbo-hoi", "type": "User"}
    if event == "push":
        commit = {"id": "9f3c2a1", "message": "Cập nhật giá tôm càng xanh tháng 12", "author": {"name": "Cán bộ Hội"}}
        return {
            "ref": "refs/heads/main",
            "before": "1b2c3d4",
            "after": "9f3c2a1",
            "repository": repo,
            "pusher": {"name": "canbo-hoi"},
            "sender": sender,
            "commits": [commit],
            "head_commit": commit,
        }
    if event == "pull_request":
        return {
            "action": "synchronize",
            "number": 7,
            "pull_request": {"number": 7, "head": {"ref": "canbo-hoi-patch-1"}, "base": {"ref": "main", "repo": repo}},
            "repository": repo,
            "sender": sender,
        }
    assert event == "workflow_dispatch"
    return {
        "inputs": {"allow_removed_pages": False},
        "ref": "refs/heads/main",
        "repository": repo,
        "sender": sender,
        "workflow": ".github/workflows/publish.yml",
    }


def write_event(folder: Path, event: str, private: bool) -> Path:
    path = folder / f"{event}-{'private' if private else 'public'}.json"
    path.write_text(json.dumps(payload(event, private), ensure_ascii=False), encoding="utf-8")
    return path


def portal_copy(folder: Path, demo: bool) -> Path:
    path = folder / "portal.yml"
    text = PORTAL.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^demo: .*$", f"demo: {str(demo).lower()}", text, flags=re.MULTILINE), encoding="utf-8")
    return path


def gate(tmp_path: Path, data: Path, config: Path, event: Path | None, actions: bool = True) -> tuple[int, str, str]:
    """Run the gate as the workflow does; (exit status, output, job summary)."""
    summary = tmp_path / "summary.md"
    summary.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(GITHUB_STEP_SUMMARY=str(summary))
    if actions:
        env["GITHUB_ACTIONS"] = "true"
    if event is not None:
        env["GITHUB_EVENT_PATH"] = str(event)
    command = [sys.executable, str(SCRIPTS / "privacy_gate.py"), "--data", os.path.relpath(data, tmp_path)]
    result = subprocess.run(
        [*command, "--config", str(config)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert "Traceback" not in result.stdout + result.stderr
    written = summary.read_text(encoding="utf-8") if summary.exists() else ""
    return result.returncode, result.stdout + result.stderr, written


# --- data with and without personal data ---------------------------------------------------


def rewrite(path: Path, change) -> None:
    """Apply change(header, rows) to a CSV file and write it back."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    body = change(header, body)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *body])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def clear(*columns: str):
    def change(header: list[str], rows: list[list[str]]) -> list[list[str]]:
        for row in rows:
            for column in columns:
                row[header.index(column)] = ""
        return rows

    return change


def no_people(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    return [row for row in rows if row[header.index("kind")] != "cá nhân"]


def strip_personal_data(data: Path) -> None:
    """The sample without any consent, named person or private cell."""
    rewrite(data / "consents.csv", lambda header, rows: [])
    rewrite(data / "cooperatives.csv", clear("manager_name", "manager_role", "manager_consent", "internal_notes"))
    rewrite(data / "models.csv", no_people)


SECRETS_OF_THE_SAMPLE = ("Nguyễn Thị Hồng Nhung", "PĐY-2024-001", "Lâm Thị Ngọc Hân")


@pytest.fixture
def gate_folder(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path


# --- the gate ------------------------------------------------------------------------------


@pytest.mark.parametrize("event", ["push", "pull_request", "workflow_dispatch"])
@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize("demo", [False, True], ids=["real", "demo"])
def test_gate_stops_only_a_public_repository_with_real_personal_data(
    tmp_path: Path, data_copy: Path, event: str, private: bool, demo: bool
) -> None:
    event_path = write_event(tmp_path, event, private)
    code, output, summary = gate(tmp_path, data_copy, portal_copy(tmp_path, demo), event_path)
    if private or demo:
        assert code == 0 and summary == "", output
        assert ("Dữ liệu minh họa" if demo else "là kho riêng tư") in output
        return
    assert code == 1
    assert summary.startswith(REFUSAL_TITLE)
    assert "Kho `hoi-lhpn-vinhthuan/htx-phunu-vinhthuan` đang **công khai**" in summary
    assert "::error title=Kho công khai có dữ liệu cá nhân thật::" in output


def test_refusal_counts_every_kind_of_personal_data_and_quotes_none(tmp_path: Path, data_copy: Path) -> None:
    event = write_event(tmp_path, "push", private=False)
    code, output, summary = gate(tmp_path, data_copy, portal_copy(tmp_path, demo=False), event)
    assert code == 1
    listed = [line for line in summary.splitlines() if line.startswith("- `")]
    assert listed == [
        "- `data/cooperatives.csv`, cột `manager_name`: 8 họ tên (người quản lý)",
        "- `data/cooperatives.csv`, cột `manager_consent`: 8 ô “Mã đồng ý công bố” (không bao giờ công bố)",
        "- `data/cooperatives.csv`, cột `internal_notes`: 5 ô “Ghi chú nội bộ” (không bao giờ công bố)",
        "- `data/models.csv`, cột `name`: 2 họ tên của điển hình cá nhân",
        "- `data/models.csv`, cột `consent`: 2 ô “Mã đồng ý công bố” (không bao giờ công bố)",
        "- `data/consents.csv`: 10 dòng của “Sổ đồng ý công bố thông tin cá nhân” "
        "(mã, họ tên, phạm vi, ngày ký, ngày rút lại, số văn bản)",
    ]
    # How to make the repository private, and why a re-run would not do.
    assert "**Settings** → **General** → cuối trang, mục **Danger Zone** → **Change repository visibility**" in summary
    assert "Luật Bảo vệ dữ liệu cá nhân (số 91/2025/QH15" in summary
    assert "Đừng bấm “Re-run jobs”" in summary
    # A public repository's logs are public: counts only, never a name, a note or a document number.
    notes = [row["internal_notes"] for row in csv.DictReader(io.StringIO((data_copy / "cooperatives.csv").read_text()))]
    for value in [*SECRETS_OF_THE_SAMPLE, *filter(None, notes)]:
        assert value not in output and value not in summary, value


def test_real_data_without_personal_data_may_stay_public(tmp_path: Path, data_copy: Path) -> None:
    strip_personal_data(data_copy)
    event = write_event(tmp_path, "push", private=False)
    code, output, summary = gate(tmp_path, data_copy, portal_copy(tmp_path, demo=False), event)
    assert (code, summary) == (0, "")
    assert "Dữ liệu không có thông tin cá nhân" in output


ONE_KIND = {
    "consent": ("consents.csv", "dy-2026-001,Nguyễn Thị Lan,tên,2026-01-05,,PĐY-2026-001", "consents.csv`: 1 dòng"),
    "withdrawn": ("consents.csv", "dy-2026-002,Trần Thị Hoa,tên,2026-01-05,2026-02-01,", "consents.csv`: 1 dòng"),
    "manager": ("cooperatives.csv", ("manager_name", "Lê Thị Cúc"), "cột `manager_name`: 1 họ tên"),
    "model person": ("models.csv", ("kind", "Cá Nhân"), "cột `name`: 1 họ tên của điển hình cá nhân"),
    "internal note": ("cooperatives.csv", ("internal_notes", "Chờ xác minh số liệu"), "cột `internal_notes`: 1 ô"),
}


@pytest.mark.parametrize("kind", ONE_KIND)
def test_any_one_kind_of_personal_data_stops_a_public_repository(tmp_path: Path, data_copy: Path, kind: str) -> None:
    strip_personal_data(data_copy)
    name, edit, expected = ONE_KIND[kind]
    path = data_copy / name
    if isinstance(edit, str):
        path.write_text(path.read_text(encoding="utf-8") + edit + "\n", encoding="utf-8")
    else:
        column, value = edit

        def set_first(header: list[str], rows: list[list[str]]) -> list[list[str]]:
            rows[0][header.index(column)] = value
            return rows

        rewrite(path, set_first)
    event = write_event(tmp_path, "pull_request", private=False)
    code, _, summary = gate(tmp_path, data_copy, portal_copy(tmp_path, demo=False), event)
    listed = [line for line in summary.splitlines() if line.startswith("- `")]
    assert code == 1 and len(listed) == 1 and expected in listed[0], listed


def test_a_payload_that_does_not_say_counts_as_public_under_actions(tmp_path: Path, data_copy: Path) -> None:
    config = portal_copy(tmp_path, demo=False)
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps({"repository": {"full_name": "hoi/htx"}}), encoding="utf-8")
    code, _, summary = gate(tmp_path, data_copy, config, bare)
    assert code == 1 and "Không đọc được thông tin của kho trong lần chạy này" in summary
    code, _, summary = gate(tmp_path, data_copy, config, tmp_path / "missing.json")
    assert code == 1 and summary.startswith(REFUSAL_TITLE)
    # Outside Actions (make privacy on a laptop) it cannot know, so it reports and lets go.
    code, output, summary = gate(tmp_path, data_copy, config, None, actions=False)
    assert (code, summary) == (0, "")
    assert "phải là kho riêng tư" in output and "consents.csv`: 10 dòng" in output


def test_data_that_cannot_be_read_counts_as_personal_data(tmp_path: Path, data_copy: Path) -> None:
    (data_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    event = write_event(tmp_path, "push", private=False)
    code, _, summary = gate(tmp_path, data_copy, portal_copy(tmp_path, demo=False), event)
    listed = [line for line in summary.splitlines() if line.startswith("- `")]
    assert code == 1
    assert listed == ["- `data`: không đọc được để kiểm tra (DataError), nên phải coi như có dữ liệu cá nhân"]
    code, _, _ = gate(tmp_path, data_copy, portal_copy(tmp_path, demo=False), write_event(tmp_path, "push", True))
    assert code == 0


def test_internal_visibility_is_private(tmp_path: Path, data_copy: Path) -> None:
    event = tmp_path / "internal.json"
    repo = {**repository(private=True), "visibility": "internal"}
    event.write_text(json.dumps({"ref": "refs/heads/main", "repository": repo}), encoding="utf-8")
    code, output, _ = gate(tmp_path, data_copy, portal_copy(tmp_path, demo=False), event)
    assert code == 0 and "là kho riêng tư" in output


# --- the gate in the workflow --------------------------------------------------------------


def test_gate_is_the_first_thing_the_build_job_runs() -> None:
    runs = [step for step in steps(load(PUBLISH), "build") if "run" in step]
    assert [step["name"] for step in runs[:4]] == [PRIVACY, HOST, "Xác định phần thay đổi", "Kiểm tra dữ liệu"]
    assert runs[0]["run"].strip() == "make privacy"
    assert not runs[0].get("if") and not runs[0].get("continue-on-error")
    dry = subprocess.run(["make", "-n", "privacy"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert ".github/scripts/privacy_gate.py --data data" in dry.stdout


def set_demo(repo: Path, demo: bool) -> None:
    portal = repo / "site_config" / "portal.yml"
    portal.write_text(portal_copy(repo.parent, demo).read_text(encoding="utf-8"), encoding="utf-8")


def test_public_repository_with_real_data_stops_the_job_before_the_check(repo_copy: Path) -> None:  # noqa: F811
    set_demo(repo_copy, False)
    event = write_event(repo_copy.parent, "push", private=False)
    ran = run_job(repo_copy, skip={"make test"}, env={"GITHUB_EVENT_PATH": str(event)})
    assert [(name, code) for name, code, _ in ran] == [(PRIVACY, 2)]  # make reports the script's exit 1 as 2
    assert (repo_copy / "summary.md").read_text(encoding="utf-8").startswith(REFUSAL_TITLE)
    assert not (repo_copy / "site").exists(), "nothing built, nothing uploaded, nothing deployed"


def test_private_repository_with_real_data_goes_on_to_the_check(repo_copy: Path) -> None:  # noqa: F811
    set_demo(repo_copy, False)
    event = write_event(repo_copy.parent, "workflow_dispatch", private=True)
    ran = run_job(repo_copy, skip={"make test", "make site"}, env={"GITHUB_EVENT_PATH": str(event)})
    expected = [(PRIVACY, 0), (HOST, 0), ("Xác định phần thay đổi", 0), ("Kiểm tra dữ liệu", 0)]
    assert [(name, code) for name, code, _ in ran][:4] == expected, ran[-1][2]
    assert "là kho riêng tư" in ran[0][2]


# --- choosing the host ---------------------------------------------------------------------


def test_host_comes_from_portal_yml_unless_the_repository_variable_says_otherwise() -> None:
    config = {"deploy": {"host": "netlify", "cloudflare_project": "htx-a"}}
    assert deploy_host.choose({}, {}) == ("github-pages", "", [])
    assert deploy_host.choose(config, {}) == ("netlify", "htx-a", [])
    assert deploy_host.choose(config, {"DEPLOY_HOST": ""}) == ("netlify", "htx-a", [])  # an unset variable is ""
    assert deploy_host.choose(config, {"DEPLOY_HOST": "cloudflare-pages"}) == ("cloudflare-pages", "htx-a", [])
    variables = {"DEPLOY_HOST": "cloudflare-pages", "CLOUDFLARE_PROJECT_NAME": "htx-b"}
    assert deploy_host.choose(config, variables)[1] == "htx-b"
    sample = yaml.safe_load(PORTAL.read_text(encoding="utf-8"))
    assert deploy_host.choose(sample, {})[:2] == ("github-pages", "htx-phunu-vinhthuan")


def test_wrong_host_or_project_is_a_located_vietnamese_message() -> None:
    host, _, problems = deploy_host.choose({}, {"DEPLOY_HOST": "Netlify.com"})
    assert problems == [
        "Nơi xuất bản “Netlify.com” (biến DEPLOY_HOST của kho) không đúng. "
        "Hãy ghi một trong: github-pages, cloudflare-pages, netlify."
    ]
    config = {"deploy": {"host": "cloudflare-pages", "cloudflare_project": "HTX Phụ nữ"}}
    _, _, problems = deploy_host.choose(config, {})
    assert problems and problems[0].startswith("Tên dự án Cloudflare Pages “HTX Phụ nữ” không đúng.")


@pytest.mark.parametrize("host", sorted(deploy_host.HOSTS))
def test_host_step_dry_run_writes_the_outputs_the_deploy_jobs_read(
    tmp_path: Path, host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "github_output"
    code = deploy_host.main(["--config", str(PORTAL)], {"DEPLOY_HOST": host, "GITHUB_OUTPUT": str(output)})
    assert code == 0
    assert output.read_text(encoding="utf-8") == f"host={host}\ncloudflare_project=htx-phunu-vinhthuan\n"
    job, label = deploy_host.HOSTS[host]
    assert f"Nơi xuất bản: {label}" in capsys.readouterr().out
    workflow = load(PUBLISH)
    deploy = workflow["jobs"][job]
    assert f"needs.build.outputs.host == '{host}'" in deploy["if"]
    other_jobs = [workflow["jobs"][j] for h, (j, _) in deploy_host.HOSTS.items() if h != host]
    assert all(f"== '{host}'" not in other["if"] for other in other_jobs)
    code = deploy_host.main(["--config", str(PORTAL)], {"DEPLOY_HOST": "surge", "GITHUB_OUTPUT": str(output)})
    assert code == 1 and output.read_text(encoding="utf-8").count("host=") == 1, "nothing written on a problem"


# --- the deploy jobs, as data --------------------------------------------------------------


def test_build_job_hands_the_host_and_the_site_to_the_deploy_jobs() -> None:
    workflow = load(PUBLISH)
    build = workflow["jobs"]["build"]
    assert build["outputs"] == {
        "host": "${{ steps.host.outputs.host }}",
        "cloudflare_project": "${{ steps.host.outputs.cloudflare_project }}",
    }
    step = next(s for s in build["steps"] if s.get("id") == "host")
    assert step["env"] == {
        "DEPLOY_HOST": "${{ vars.DEPLOY_HOST }}",
        "CLOUDFLARE_PROJECT_NAME": "${{ vars.CLOUDFLARE_PROJECT_NAME }}",
    }
    names = [s["name"] for s in build["steps"]]
    pages = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    other = next(s for s in build["steps"] if s.get("with", {}).get("name") == "site")
    tests = names.index("Chạy kiểm thử")
    assert names.index(pages["name"]) > tests and names.index(other["name"]) > tests
    assert other["uses"].startswith("actions/upload-artifact@")
    assert "steps.host.outputs.host == 'github-pages'" in pages["if"]
    assert "steps.host.outputs.host != 'github-pages'" in other["if"]
    for upload in (pages, other):
        assert "refs/heads/main" in upload["if"] and "pull_request" in upload["if"] and "always()" not in upload["if"]
    assert other["with"]["path"] == "site" and other["with"]["if-no-files-found"] == "error"


@pytest.mark.parametrize("host", ["cloudflare-pages", "netlify"])
def test_host_deploy_job_runs_only_after_a_passed_build_on_main(host: str) -> None:
    workflow = load(PUBLISH)
    job = workflow["jobs"][deploy_host.HOSTS[host][0]]
    assert job["needs"] == "build"
    assert "refs/heads/main" in job["if"] and "github.event_name != 'pull_request'" in job["if"]
    assert not any(word in job["if"] for word in ("always()", "failure()", "cancelled()"))
    assert job["concurrency"]["cancel-in-progress"] is False
    assert job["permissions"] == {"actions": "read"}  # the build's artifact, nothing of the repository
    assert "environment" not in job  # GitHub Free has no environments for private repos
    uses = [step.get("uses", "").split("@")[0] for step in job["steps"]]
    assert uses[:2] == ["actions/download-artifact", "actions/setup-node"]
    assert job["steps"][0]["with"] == {"name": "site", "path": "site"}
    assert not any(step.get("continue-on-error") for step in job["steps"])


def deploy_step(host: str) -> dict:
    job = load(PUBLISH)["jobs"][deploy_host.HOSTS[host][0]]
    return next(step for step in job["steps"] if "npx" in step.get("run", ""))


EXPECTED = {
    "cloudflare-pages": (
        {"CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"},
        ["--yes", WRANGLER, "pages", "deploy", "site", "--project-name=htx-phunu-vinhthuan", "--branch=main"],
    ),
    "netlify": (
        {"NETLIFY_AUTH_TOKEN", "NETLIFY_SITE_ID"},
        ["--yes", NETLIFY, "deploy", "--prod", "--no-build", "--dir", "site"],
    ),
}


@pytest.mark.parametrize("host", sorted(EXPECTED))
def test_secrets_reach_the_tools_only_through_the_environment(host: str) -> None:
    step = deploy_step(host)
    secrets, _ = EXPECTED[host]
    assert {k for k, v in step["env"].items() if "secrets." in v} == secrets
    for name in secrets:
        assert step["env"][name] == f"${{{{ secrets.{name} }}}}"
    assert "secrets." not in step["run"] and "set -x" not in step["run"] and "xtrace" not in step["run"]
    for name in secrets:  # a secret is named, tested for emptiness, never echoed
        assert not re.search(rf"(echo|printf)[^\n]*\${{?{name}", step["run"])
    text = PUBLISH.read_text(encoding="utf-8")
    assert len(re.findall(r"\$\{\{\s*secrets\.", text)) == 4, "no secret anywhere else in the workflow"


def run_deploy_step(tmp_path: Path, host: str, env: dict[str, str]) -> tuple[int, str, list[str] | None]:
    """Run a deploy step's script as the runner would, with a fake npx; (status, output, npx's arguments)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    record = tmp_path / "npx-args.json"
    record.unlink(missing_ok=True)
    fake = bin_dir / "npx"
    fake.write_text(
        f"#!{sys.executable}\nimport json, sys\n"
        f"json.dump(sys.argv[1:], open({str(record)!r}, 'w'))\nprint('Deploy complete')\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    (tmp_path / "site").mkdir(exist_ok=True)
    step = deploy_step(host)
    base = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path)}
    values = {k: env.get(k, v) for k, v in step["env"].items() if "secrets." in v}
    values.update({k: v for k, v in env.items() if k not in values})
    if "CLOUDFLARE_PROJECT_NAME" in step["env"]:
        values.setdefault("CLOUDFLARE_PROJECT_NAME", "htx-phunu-vinhthuan")
    values = {k: v for k, v in values.items() if not v.startswith("${{")}
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=tmp_path, env={**base, **values}, capture_output=True, text=True
    )
    args = json.loads(record.read_text(encoding="utf-8")) if record.exists() else None
    return proc.returncode, proc.stdout + proc.stderr, args


@pytest.mark.parametrize("host", sorted(EXPECTED))
def test_deploy_step_runs_the_pinned_tool_and_never_prints_a_secret(tmp_path: Path, host: str) -> None:
    secrets, expected_args = EXPECTED[host]
    values = {name: f"s3cr3t-{name.lower()}-9d8e7f" for name in secrets}
    code, output, args = run_deploy_step(tmp_path, host, values)
    assert (code, args) == (0, expected_args), output
    assert "Deploy complete" in output
    for value in values.values():
        assert value not in output and value not in " ".join(args)


@pytest.mark.parametrize("host", sorted(EXPECTED))
def test_a_missing_secret_stops_the_deploy_by_name(tmp_path: Path, host: str) -> None:
    secrets, _ = EXPECTED[host]
    for missing in sorted(secrets):
        values = {name: ("" if name == missing else "s3cr3t-value-4c5d") for name in secrets}
        code, output, args = run_deploy_step(tmp_path, host, values)
        assert code != 0 and args is None, "the tool never ran"
        assert f"{missing}: Thiếu secret {missing} (Settings → Secrets and variables → Actions)" in output
        assert "s3cr3t-value-4c5d" not in output


def test_pinned_tool_versions_are_the_ones_documented() -> None:
    readme = README.read_text(encoding="utf-8")
    text = PUBLISH.read_text(encoding="utf-8")
    for pinned in (WRANGLER, NETLIFY):
        assert text.count(pinned) == 1 and pinned in readme, pinned
    unpinned = re.findall(r"npx (?:--yes )?(?:wrangler|netlify-cli)(?!@)", readme)
    assert unpinned == [], "every npx in the README is pinned"


# --- the guides ----------------------------------------------------------------------------


def test_readme_says_how_to_start_a_private_portal() -> None:
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("## Start your own portal") :]
    section = section[: section.index("\n## ", 4)]
    for words in (
        "Use this template",
        "Private",
        "site_url",
        "demo: false",
        "deploy.host",
        "DEPLOY_HOST",
        "CLOUDFLARE_API_TOKEN",
        "CLOUDFLARE_ACCOUNT_ID",
        "NETLIFY_AUTH_TOKEN",
        "NETLIFY_SITE_ID",
        "make privacy",
        "git filter-repo",
        "2,000",
        "withdrawn",
    ):
        assert words in section, words
    assert "20,000 files" in readme and "15 credits" in readme


def test_guide_walks_staff_to_their_own_private_portal() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert "13. [Lập cổng thông tin riêng của Hội](#13-lap-cong-thong-tin-rieng)" in guide
    section = guide[guide.index('<a id="13-lap-cong-thong-tin-rieng"></a>') :]
    for words in (
        "Use this template",
        "**Private**",
        "`demo: false`",
        "`site_url`",
        "cloudflare-pages",
        "CLOUDFLARE_API_TOKEN",
        "New repository secret",
        "Dừng xuất bản: kho công khai có dữ liệu cá nhân thật",
        "lịch sử",
        "2.000 phút",
    ):
        assert words in section, words
    # The summary's pointer to the guide leads to this section.
    assert "HUONG_DAN.md mục 13" in (SCRIPTS / "privacy_gate.py").read_text(encoding="utf-8")


def test_sample_data_is_demo_data() -> None:
    """This repository is public and its people are fictional: demo must stay true here."""
    assert yaml.safe_load(PORTAL.read_text(encoding="utf-8"))["demo"] is True
    assert (DATA / "consents.csv").exists()
