"""The command line: parse arguments, call the pipeline, turn errors into messages and exit codes."""

from __future__ import annotations

import argparse
import errno
import os
import sys
import tempfile
import traceback
from pathlib import Path

from . import pipeline
from .messages import say
from .problems import DataError, report
from .publish import FolderRefused


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Kiểm tra dữ liệu và tạo cổng thông tin HTX do phụ nữ quản lý.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    check = commands.add_parser("check", help="chỉ kiểm tra dữ liệu, in mọi lỗi")
    check.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    check.add_argument("--content", default=None, help="thư mục bài viết, trang (mặc định: content của dự án)")
    check.add_argument(
        "--previous-sitemap",
        metavar="TỆP",
        help="sitemap.xml của trang đang chạy: báo trang HTX, sản phẩm, điển hình sẽ bị mất",
    )
    build = commands.add_parser("build", help="kiểm tra rồi tạo trang web")
    build.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    build.add_argument("--out", default="site", help="thư mục trang web (mặc định: site)")
    build.add_argument("--work", default=None, help="thư mục trung gian (mặc định: build/)")
    build.add_argument("--content", default=None, help="thư mục bài viết, trang (mặc định: content của dự án)")
    build.add_argument("--quiet", action="store_true", help="không in tiến trình")
    serve = commands.add_parser("serve", help="xem trước, tự tạo lại khi dữ liệu thay đổi")
    serve.add_argument("--data", default="data")
    serve.add_argument("--port", type=int, default=8000)
    report_cmd = commands.add_parser("report", help="soạn báo cáo định kỳ 6 tháng, năm (tệp Word)")
    report_cmd.add_argument("--period", required=True, metavar="KỲ", help="2025 (cả năm), 2025-H1 hoặc 2025-H2")
    report_cmd.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    report_cmd.add_argument("--out", required=True, metavar="TỆP.docx", help="tệp báo cáo cần ghi")
    report_cmd.add_argument(
        "--commune", metavar="MÃ_XÃ", help="báo cáo của Hội LHPN một xã (mã xã hiện nay); bỏ trống: báo cáo chung"
    )
    workbook = commands.add_parser("workbook", help="tạo bảng tính Excel để cán bộ sửa dữ liệu")
    workbook.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    workbook.add_argument("--out", required=True, metavar="TỆP.xlsx", help="tệp bảng tính cần tạo")
    workbook.add_argument("--commune", metavar="MÃ", help="chỉ các dòng của một xã, ví dụ vinh-binh")
    workbook.add_argument("--every-commune", action="store_true", help="thêm bảng tính của từng xã: TỆP-<mã xã>.xlsx")
    load = commands.add_parser("import", help="nhập bảng tính Excel đã sửa vào các tệp CSV")
    load.add_argument("workbook", metavar="TỆP.xlsx", help="bảng tính đã sửa")
    load.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit 0 when it succeeded, 1 when the data or the build failed."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            previous = Path(args.previous_sitemap) if args.previous_sitemap else None
            problems, summary = pipeline.check_report(Path(args.data), previous, _content(args))
            report(problems, sys.stdout)
            if not problems:
                print(summary, file=sys.stderr)
            return 1 if problems else 0
        if args.command == "build":
            work = Path(args.work) if args.work else None
            for warning in pipeline.build(Path(args.data), Path(args.out), work, not args.quiet, _content(args)):
                # Shown even with --quiet; in a GitHub Actions run also as an annotation on the run's page.
                annotation = "::warning title=Nơi xuất bản::" if os.environ.get("GITHUB_ACTIONS") == "true" else ""
                print(annotation + warning, file=sys.stderr)
            return 0
        if args.command == "serve":
            from .serve import serve

            return serve(Path(args.data), args.port)
        if args.command == "report":
            from .report import ReportError, write_report

            try:
                print(write_report(Path(args.data), args.period, Path(args.out), commune=args.commune))
            except ReportError as error:
                print("\n".join(error.messages), file=sys.stderr)
                return 1
            return 0
        if args.command == "workbook":
            from .workbook import make_workbook
            from .workbook_scope import ScopeError, commune_scope, every_commune

            try:
                scope = commune_scope(Path(args.data), args.commune) if args.commune else None
            except ScopeError as error:
                report(error.problems, sys.stdout)
                print(say("scope.not-made"), file=sys.stderr)
                return 1
            out = Path(args.out)
            scopes = every_commune(Path(args.data)) if args.every_commune else []
            more = [(out.with_name(f"{out.stem}-{each.code}.xlsx"), each) for each in scopes]
            make_workbook(Path(args.data), out, scope, more)
            for path in [out, *(path for path, _ in more)]:
                print(say("workbook.made", path=path))
            return 0
        if args.command == "import":
            from .workbook_import import run_import

            return run_import(Path(args.workbook), Path(args.data), sys.stdout)
    except DataError as error:
        report(error.problems, sys.stdout)
        if args.command == "report":
            print(say("report.data-errors", count=len(error.problems)), file=sys.stderr)
            return 1
        print(say("build.data-errors", count=len(error.problems)), file=sys.stderr)
        return 1
    except FolderRefused as error:
        report([error.problem], sys.stdout)
        print(say("build.refused"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # the reader went away (check | head): __main__ ends quietly
    except OSError as error:
        if error.errno not in WRITE_ERRORS:
            return _unexpected(error)
        _write_log(traceback.format_exc())
        reason = WRITE_ERRORS[error.errno]
        print(
            say("build.write-error", path=error.filename or "?", reason=reason, detail=error.strerror), file=sys.stderr
        )
        return 1
    except Exception as error:  # noqa: BLE001 - staff must never see a traceback
        return _unexpected(error)
    return 0


WRITE_ERRORS = {
    errno.EROFS: say("build.read-only"),
    errno.EACCES: say("build.no-permission"),
    errno.EPERM: say("build.no-permission"),
    errno.ENOSPC: say("build.disk-full"),
}


def _unexpected(error: Exception) -> int:
    log = _write_log(traceback.format_exc())
    kind = type(error).__name__
    if log:
        print(say("build.unexpected-log", kind=kind, error=error, log=log), file=sys.stderr)
    else:
        print(say("build.unexpected", kind=kind, error=error), file=sys.stderr)
    return 1


def _content(args: argparse.Namespace) -> Path:
    return Path(args.content) if args.content else pipeline.CONTENT_DIR


def _write_log(text: str) -> Path | None:
    """build-error.log in the current folder, or in the temporary folder when that is read-only."""
    for folder in (Path.cwd(), Path(tempfile.gettempdir())):
        log = folder / "build-error.log"
        try:
            log.write_text(text, encoding="utf-8")
            return log if folder == Path.cwd() else log.resolve()
        except OSError:
            continue
    return None
