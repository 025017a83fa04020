"""Make sure Debian's Chromium and ChromeDriver are present for the browser tests.

Run by ``make test`` before pytest. Installs the Debian packages ``chromium`` and
``chromium-driver`` with apt when they are missing and apt is usable (root); otherwise it says
so, and the browser tests are skipped with that reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = "/usr/bin/chromium"


def main() -> int:
    shutil.which("soffice") or shutil.which("apt-get") is None or os.geteuid() != 0 or subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "libreoffice-writer-nogui"], check=False, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))  # fmt: skip
    if shutil.which("chromium") or os.path.exists(CHROMIUM):
        return 0
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        print(
            "chromium absent et apt-get indisponible : tests navigateur ignorés.", file=sys.stderr
        )
        return 0
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    done = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], check=False, env=env
    )
    if done.returncode != 0:
        print("installation de chromium impossible : tests navigateur ignorés.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
