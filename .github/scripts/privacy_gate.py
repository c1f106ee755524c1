"""The publishing workflow's first step: refuse real personal data in a public repository.

    python .github/scripts/privacy_gate.py [--event FILE] [--data DIR] [--config FILE]

The site never publishes the consent register, `internal_notes` or a person without consent, but
every file in data/ and every earlier version of it is in the repository, and a public repository
puts all of it on the open web. The run stops (exit 1, before anything reads or builds the data,
so no name reaches a public log either) when all three hold:

- the repository is public: `repository.visibility` / `repository.private` of the event payload
  GitHub writes to $GITHUB_EVENT_PATH (push, pull_request and workflow_dispatch all carry it);
  under Actions, a payload that does not say counts as public;
- the data is real: `demo` in site_config/portal.yml is not true;
- the data holds personal data: a row of a table datapackage.json keeps private (the consent
  register), a named person (a column with the rule `person`, such as manager_name, or the name of
  a model of kind `cá nhân`), or a non-empty column datapackage.json marks `"public": false`.

The reason, in Vietnamese and with counts only (never a value), goes to $GITHUB_STEP_SUMMARY and an
`::error` annotation. Otherwise it prints why the run may go on and exits 0. Run outside Actions
with no --event, it reports what it finds and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator.load import Table, load_tables  # noqa: E402
from generator.schema import load_config, load_package  # noqa: E402
from generator.text import same_text  # noqa: E402

TITLE = "Kho công khai có dữ liệu cá nhân thật"
MAKE_PRIVATE = (
    "**Settings** → **General** → cuối trang, mục **Danger Zone** → **Change repository visibility** → "
    "**Change to private**"
)


@dataclass(frozen=True)
class Finding:
    """Personal data in one file (and column): how many cells or rows, and what they are."""

    path: str
    column: str
    count: int
    what: str

    def line(self) -> str:
        where = f"`{self.path}`" + (f", cột `{self.column}`" if self.column else "")
        return f"- {where}: {self.count} {self.what}" if self.count else f"- {where}: {self.what}"


# --- what the data holds ---------------------------------------------------------------------


def personal_data(data_dir: Path, display_dir: str = "data") -> list[Finding]:
    """Every kind of personal data in data_dir, as the generator reads it (values never kept)."""
    package = load_package(data_dir)
    tables, _ = load_tables(package, data_dir, display_dir)
    findings = []
    for table in tables.values():
        findings += _private_table(table) if not table.resource.public else _named_people(table) + _private_cells(table)
    return findings


def _filled(table: Table, column: str) -> int:
    return sum(1 for row in table.rows if row.get(column).strip())


def _private_table(table: Table) -> list[Finding]:
    rows = sum(1 for row in table.rows if any(value.strip() for value in row.values.values()))
    if not rows:
        return []
    columns = ", ".join(field.title.lower() for field in table.resource.fields if table.has(field.name))
    return [Finding(table.path, "", rows, f"dòng của “{table.resource.title}” ({columns})")]


def _named_people(table: Table) -> list[Finding]:
    findings = []
    for field in table.resource.fields:
        if field.rule == "person" and table.has(field.name) and (count := _filled(table, field.name)):
            findings.append(Finding(table.path, field.name, count, f"họ tên ({field.title.lower()})"))
    if table.has("kind") and table.has("name"):
        people = sum(1 for row in table.rows if same_text(row.get("kind"), "cá nhân") and row.get("name").strip())
        if people:
            findings.append(Finding(table.path, "name", people, "họ tên của điển hình cá nhân"))
    return findings


def _private_cells(table: Table) -> list[Finding]:
    findings = []
    for field in table.resource.fields:
        if not field.public and table.has(field.name) and (count := _filled(table, field.name)):
            findings.append(Finding(table.path, field.name, count, f"ô “{field.title}” (không bao giờ công bố)"))
    return findings


# --- where the repository stands ---------------------------------------------------------------


def repository(event_path: Path | None) -> tuple[str, str | None]:
    """(owner/name, "public" | "private" | "internal" | None when the payload does not say)."""
    if event_path is None:
        return "", None
    try:
        event = json.loads(event_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", None
    repo = event.get("repository") if isinstance(event, dict) else None
    if not isinstance(repo, dict):
        return "", None
    name = str(repo.get("full_name") or "")
    visibility, private = repo.get("visibility"), repo.get("private")
    if visibility == "public" or private is False:
        return name, "public"
    if visibility in ("private", "internal"):
        return name, visibility
    return name, "private" if private is True else None


def is_demo(config_path: Path) -> bool:
    """demo: true in portal.yml; a file that cannot be read is not a promise that the data is fictional."""
    try:
        config = load_config(config_path)
    except (OSError, ValueError, yaml.YAMLError):
        return False
    return isinstance(config, dict) and config.get("demo") is True


def read_personal_data(data_dir: Path) -> list[Finding]:
    """personal_data, or one finding saying the data could not be read (so it may hold anything)."""
    try:
        return personal_data(data_dir, str(data_dir))
    except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError) as error:
        what = f"không đọc được để kiểm tra ({type(error).__name__}), nên phải coi như có dữ liệu cá nhân"
        return [Finding(str(data_dir), "", 0, what)]


# --- the messages ------------------------------------------------------------------------------


def refusal(name: str, visibility: str | None, findings: list[Finding]) -> str:
    """The job summary that says why nothing is built and how to make the repository private."""
    repo = f"Kho `{name}`" if name else "Kho này"
    if visibility == "public":
        state = (
            f"{repo} đang **công khai** (Public): ai trên mạng cũng xem và tải được mọi tệp trong kho, "
            "cả các phiên bản cũ trong lịch sử."
        )
    else:
        state = (
            f"Không đọc được thông tin của kho trong lần chạy này, nên {repo[0].lower() + repo[1:]} "
            "được coi như đang **công khai**."
        )
    return "\n".join(
        [
            f"## Dừng xuất bản: {TITLE.lower()}",
            "",
            f"{state} Tệp `site_config/portal.yml` ghi `demo: false` (dữ liệu thật), và thư mục "
            "`data/` có thông tin cá nhân mà trang web không bao giờ đăng:",
            "",
            *(finding.line() for finding in findings),
            "",
            "Để các tệp này trong một kho công khai là để lộ dữ liệu cá nhân, trái với Luật Bảo vệ dữ liệu "
            "cá nhân (số 91/2025/QH15, hiệu lực từ 01/01/2026). Vì vậy quy trình dừng ở đây: **không tạo "
            "trang, không xuất bản gì**; trang đang chạy vẫn giữ nguyên.",
            "",
            "### Cách sửa (người quản trị kho làm)",
            "",
            f"1. Chuyển kho sang riêng tư: mở kho trên GitHub → {MAKE_PRIVATE}, rồi xác nhận.",
            "2. Chọn nơi xuất bản nhận được kho riêng tư: GitHub Pages chỉ xuất bản từ kho riêng tư khi "
            "có gói trả phí (GitHub Pro, Team hoặc Enterprise); Cloudflare Pages và Netlify xuất bản "
            "miễn phí. Cách cài đặt: HUONG_DAN.md mục 13 và README mục “Start your own portal”.",
            "3. Báo ngay cho người phụ trách bảo vệ dữ liệu cá nhân của Hội: các tệp trên đã nằm trong "
            "một kho công khai và có thể đã bị người khác sao chép.",
            "4. Chạy lại bằng **Actions → Kiểm tra và xuất bản → Run workflow** (hoặc lưu một thay đổi "
            "mới). Đừng bấm “Re-run jobs”: lần chạy lại dùng thông tin cũ của kho, vẫn là công khai.",
            "",
            "Nếu dữ liệu trong `data/` chỉ là dữ liệu minh họa (người không có thật), hãy ghi "
            "`demo: true` trong `site_config/portal.yml`.",
            "",
        ]
    )


def verdict(name: str, visibility: str | None, demo: bool, findings: list[Finding], under_actions: bool) -> str | None:
    """Why the run may go on, or None when it must stop."""
    repo = f"Kho {name}" if name else "Kho"
    if demo:
        return "Dữ liệu minh họa (demo: true trong site_config/portal.yml): không có người thật, xuất bản được."
    if not findings:
        return (
            "Dữ liệu không có thông tin cá nhân (không có dòng đồng ý, tên người hay ô không công bố nào): "
            "xuất bản được từ kho công khai hay riêng tư."
        )
    if visibility in ("private", "internal"):
        return f"{repo} là kho riêng tư: dữ liệu cá nhân trong data/ không lộ ra ngoài."
    if visibility is None and not under_actions:
        return (
            "Không chạy trên GitHub Actions nên không biết kho công khai hay riêng tư. Dữ liệu có thông tin "
            "cá nhân, nên kho chứa nó phải là kho riêng tư:\n" + "\n".join(f.line() for f in findings)
        )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--event", type=Path, default=None, help="event payload (default: $GITHUB_EVENT_PATH)")
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    parser.add_argument("--config", type=Path, default=ROOT / "site_config" / "portal.yml", help="portal.yml")
    args = parser.parse_args(argv)
    event = args.event or (Path(os.environ["GITHUB_EVENT_PATH"]) if os.environ.get("GITHUB_EVENT_PATH") else None)
    under_actions = os.environ.get("GITHUB_ACTIONS") == "true"

    demo = is_demo(args.config)
    findings = [] if demo else read_personal_data(args.data)
    name, visibility = repository(event)
    reason = verdict(name, visibility, demo, findings, under_actions)
    if reason is not None:
        print(reason)
        return 0

    print(
        f"::error title={TITLE}::Kho đang công khai mà data/ có dữ liệu cá nhân thật (demo: false). "
        "Chưa tạo trang, chưa xuất bản gì. Hãy chuyển kho sang riêng tư; xem bảng tóm tắt (Summary)."
    )
    text = refusal(name, visibility, findings)
    print(text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    return 1


if __name__ == "__main__":
    sys.exit(main())
