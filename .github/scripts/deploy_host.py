"""Which host the publishing workflow deploys to: github-pages, cloudflare-pages or netlify.

    python .github/scripts/deploy_host.py [--config FILE]

The host is `deploy.host` in site_config/portal.yml (github-pages when absent), unless the
repository variable DEPLOY_HOST, passed in the environment, names another; the Cloudflare Pages
project is `deploy.cloudflare_project`, or the variable CLOUDFLARE_PROJECT_NAME. Writes host=… and
cloudflare_project=… to $GITHUB_OUTPUT, where the deploy job of that host reads them, and prints
what will be deployed where. Nothing is deployed here, and no secret is read: the deploy jobs
pass their secrets to the hosts' tools in the environment. Exits 1 with a Vietnamese message on
an unknown host, or Cloudflare Pages without a project name.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.schema import load_config  # noqa: E402

DEFAULT = "github-pages"
# host -> (the job of .github/workflows/publish.yml that deploys there, what staff read)
HOSTS = {
    "github-pages": ("deploy", "GitHub Pages"),
    "cloudflare-pages": ("deploy-cloudflare", "Cloudflare Pages"),
    "netlify": ("deploy-netlify", "Netlify"),
}
# Cloudflare's rule for a Pages project name: lower-case letters, digits and dashes.
PROJECT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,57}")


def choose(config: dict, environ: dict[str, str]) -> tuple[str, str, list[str]]:
    """(host, Cloudflare project, problems) from portal.yml's deploy block and the variables."""
    settings = config.get("deploy") or {}
    host = (environ.get("DEPLOY_HOST") or str(settings.get("host") or DEFAULT)).strip()
    project = (environ.get("CLOUDFLARE_PROJECT_NAME") or str(settings.get("cloudflare_project") or "")).strip()
    problems = []
    if host not in HOSTS:
        from_variable = bool(environ.get("DEPLOY_HOST"))
        source = "biến DEPLOY_HOST của kho" if from_variable else "deploy.host trong site_config/portal.yml"
        problems.append(f"Nơi xuất bản “{host}” ({source}) không đúng. Hãy ghi một trong: {', '.join(HOSTS)}.")
    elif host == "cloudflare-pages" and not PROJECT_NAME.fullmatch(project):
        problems.append(
            f"Tên dự án Cloudflare Pages “{project}” không đúng. Hãy ghi tên dự án (chữ thường không dấu, "
            "số, dấu gạch ngang, ví dụ htx-phunu-vinhthuan) vào deploy.cloudflare_project trong "
            "site_config/portal.yml."
        )
    return host, project, problems


def main(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "site_config" / "portal.yml", help="portal.yml")
    args = parser.parse_args(argv)
    environ = dict(os.environ) if environ is None else environ

    host, project, problems = choose(load_config(args.config), environ)
    if problems:
        for problem in problems:
            print(f"::error file=site_config/portal.yml,title=Nơi xuất bản::{problem}")
        return 1
    job, label = HOSTS[host]
    where = f" (dự án “{project}”)" if host == "cloudflare-pages" else ""
    print(f"Nơi xuất bản: {label}{where}. Trên nhánh main, khi mọi bước đạt, job “{job}” xuất bản trang.")
    output = environ.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as handle:
            handle.write(f"host={host}\ncloudflare_project={project}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
