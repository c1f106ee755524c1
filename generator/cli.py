"""The command line: parse arguments, call the pipeline, turn errors into messages and exit codes."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import pipeline
from .problems import DataError, report


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Kiểm tra dữ liệu và tạo cổng thông tin HTX do phụ nữ quản lý.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    check = commands.add_parser("check", help="chỉ kiểm tra dữ liệu, in mọi lỗi")
    check.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    check.add_argument(
        "--previous-sitemap",
        metavar="TỆP",
        help="sitemap.xml của trang đang chạy: báo trang HTX, sản phẩm, điển hình sẽ bị mất",
    )
    build = commands.add_parser("build", help="kiểm tra rồi tạo trang web")
    build.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    build.add_argument("--out", default="site", help="thư mục trang web (mặc định: site)")
    build.add_argument("--work", default=None, help="thư mục trung gian (mặc định: build/)")
    build.add_argument("--quiet", action="store_true", help="không in tiến trình")
    serve = commands.add_parser("serve", help="xem trước, tự tạo lại khi dữ liệu thay đổi")
    serve.add_argument("--data", default="data")
    serve.add_argument("--port", type=int, default=8000)
    synth = commands.add_parser("synth", help="tạo bộ dữ liệu giả lập để đo tốc độ")
    synth.add_argument("--scale", required=True, metavar="N", help="số HTX/THT cần tạo")
    synth.add_argument("--out", required=True, metavar="THƯ_MỤC", help="thư mục ghi dữ liệu (trống hoặc do synth tạo)")
    synth.add_argument("--seed", default="1", metavar="S", help="hạt giống: cùng tham số thì cùng tệp (mặc định: 1)")
    workbook = commands.add_parser("workbook", help="tạo bảng tính Excel để cán bộ sửa dữ liệu")
    workbook.add_argument("--data", default="data", help="thư mục dữ liệu (mặc định: data)")
    workbook.add_argument("--out", required=True, metavar="TỆP.xlsx", help="tệp bảng tính cần tạo")
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
            problems = pipeline.check(Path(args.data), previous)
            report(problems, sys.stdout)
            return 1 if problems else 0
        if args.command == "build":
            work = Path(args.work) if args.work else None
            pipeline.build(Path(args.data), Path(args.out), work=work, verbose=not args.quiet)
            return 0
        if args.command == "serve":
            from .serve import serve

            return serve(Path(args.data), args.port)
        if args.command == "workbook":
            from .workbook import make_workbook

            make_workbook(Path(args.data), Path(args.out))
            print(f"Đã tạo bảng tính {args.out}.")
            return 0
        if args.command == "import":
            from .workbook_import import run_import

            return run_import(Path(args.workbook), Path(args.data), sys.stdout)
        if args.command == "synth":
            from .synth import SynthError, run

            try:
                print(run(args.scale, args.out, args.seed))
            except SynthError as error:
                print(error, file=sys.stderr)
                return 1
            return 0
    except DataError as error:
        report(error.problems, sys.stdout)
        print(
            f"Chưa tạo trang web: dữ liệu có {len(error.problems)} lỗi cần sửa. Trang web cũ vẫn giữ nguyên.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - staff must never see a traceback
        log = Path("build-error.log")
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(
            f"Lỗi khi tạo trang web: {type(error).__name__}: {error}. Trang web cũ vẫn giữ nguyên. "
            f"Chi tiết kỹ thuật ở tệp {log}; hãy gửi tệp này cho người phụ trách kỹ thuật.",
            file=sys.stderr,
        )
        return 1
    return 0
