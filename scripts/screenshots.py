"""Regenerate docs/screenshots/: the key pages at a phone's width (390 px) and a laptop's
(1366 px), as WebP, from the demo data. Called by `make screenshots`.

It migrates and loads the demo data into DATABASE_URL (idempotent), serves the site with
Django's development server on a free local port, and drives Debian's Chromium.
"""

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WIDTHS = {"telephone": (390, 844), "ordinateur": (1366, 900)}
PAGES = {
    "accueil": "/",
    "annuaire": "/annuaire/",
    "fiche": "/annuaire/realis/",
    "parcours": "/parcours/?etape=developpement&besoin=financement&departement=34&statut=oui",
    "fiso": "/fiso/",
    "yess": "/yess-academie/",
    "coventis": None,  # the latest edition, found in the sitemap
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz/live", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the development server did not start")


def latest_edition(base: str) -> str:
    sitemap = urllib.request.urlopen(base + "/sitemap.xml").read().decode()
    years = [int(y) for y in re.findall(r"/coventis/(\d{4})/</loc>", sitemap)]
    return f"/coventis/{max(years)}/" if years else "/coventis/"


def main() -> None:
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base)
        pages = {**PAGES, "coventis": latest_edition(base)}
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for device, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale="fr-FR"
                )
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path, wait_until="networkidle")
                    png = page.screenshot()
                    target = OUT / f"{name}-{device}.webp"
                    Image.open(io.BytesIO(png)).save(target, "WEBP", quality=78, method=6)
                    print(f"{target.relative_to(ROOT)}  {path}")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
