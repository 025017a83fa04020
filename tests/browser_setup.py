"""Install the Debian programs some tests drive: Chromium (browser tests) and LibreOffice
(conversion of the DOCX with tracked changes).

Run by ``make test`` before pytest. What is missing is installed with apt when apt is usable
(root); otherwise it says so, and the tests that need it are skipped with that reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

NEEDED = {
    "chromium": ["chromium", "chromium-driver", "fonts-liberation"],
    "soffice": ["libreoffice-writer-nogui"],
}
"""Program looked up on the PATH → the Debian packages that provide it."""


def missing_packages() -> list[str]:
    return [pkg for program, pkgs in NEEDED.items() if not shutil.which(program) for pkg in pkgs]


def main() -> int:
    packages = missing_packages()
    if not packages:
        return 0
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        print(
            f"apt-get indisponible : {', '.join(packages)} absents, tests concernés ignorés.",
            file=sys.stderr,
        )
        return 0
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    done = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=False,
        env=env,
    )
    if done.returncode != 0:
        print(
            f"installation impossible de {', '.join(packages)} : tests concernés ignorés.",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
