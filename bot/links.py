"""Deep links and QR codes for returning officers' candidate packs."""

from __future__ import annotations

import html
from pathlib import Path

import segno

from bot.areas import make_payload
from bot.errors import BotError
from bot.model import KnowledgeBase

QR_FORMATS = (".png", ".svg")


def deep_link(username: str, area: str, election: str | None = None) -> str:
    """https://t.me/<bot>?start=<area>[_<election>], within Telegram's payload rules."""
    return f"https://t.me/{username.lstrip('@')}?start={make_payload(area, election)}"


def write_qr(link: str, path: Path) -> None:
    """Write the link as a QR code, PNG or SVG by the file's extension."""
    if path.suffix.lower() not in QR_FORMATS:
        raise BotError(f"QR file must end in .png or .svg, not '{path.suffix or path.name}'")
    path.parent.mkdir(parents=True, exist_ok=True)
    segno.make(link, error="m").save(str(path), scale=10, border=4)


def pack_page(kb: KnowledgeBase, area: str, link: str) -> str:
    """A printable A4 page for a candidate pack: the link, its QR code, what the bot does, 999."""
    msg = kb.messages
    qr = segno.make(link, error="m").svg_inline(scale=8, border=2, omitsize=True)
    lines = "".join(f"<li>{html.escape(msg[f'pack_line_{n}'])}</li>" for n in (1, 2, 3))
    title = html.escape(msg["pack_heading"].replace("{area}", area))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: Arial, Helvetica, sans-serif; font-size: 14pt; color: #111; }}
h1 {{ font-size: 22pt; margin-bottom: 4mm; }}
.emergency {{ border: 3px solid #b00; padding: 4mm; font-size: 16pt; font-weight: bold; }}
.qr svg {{ width: 70mm; height: 70mm; }}
.link {{ font-family: monospace; font-size: 13pt; word-break: break-all; }}
</style></head>
<body>
<h1>{title}</h1>
<p class="emergency">{html.escape(msg["pack_emergency"])}</p>
<ul>{lines}</ul>
<div class="qr">{qr}</div>
<p>{html.escape(msg["pack_scan"])}</p>
<p class="link"><a href="{html.escape(link, quote=True)}">{html.escape(link)}</a></p>
</body></html>
"""


def write_all(kb: KnowledgeBase, username: str, folder: Path) -> list[Path]:
    """One QR code (PNG and SVG) and one printable page per police force area."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for force in kb.areas.forces.values():
        link = deep_link(username, force.id)
        for suffix in QR_FORMATS:
            write_qr(link, folder / f"{force.id}{suffix}")
        page = folder / f"{force.id}.html"
        page.write_text(pack_page(kb, force.area, link), encoding="utf-8")
        written.append(page)
    return written
