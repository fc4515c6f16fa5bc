#!/usr/bin/env python3
"""Builds the QR benchmark corpus: realistic, seeded, deterministic screenshots.

Each image is a rendered mock "enable two-factor authentication" page (or a
snip of one) with one of the hard variants of real screenshots, plus pages
with no QR code at all. Writes the images and `manifest.json` (file,
category, expected payloads) into the output folder.

    python3 make_corpus.py OUT_DIR [--per-category N] [--seed S]

Needs Pillow, segno and numpy (run.sh installs them into a venv).
"""

import argparse
import base64
import io
import json
import math
import os
import random
import string
import urllib.parse

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/noto"]
WORDS = (
    "account security sign in password protect two factor authentication app code scan "
    "enter verify device recovery backup settings profile your with the and to of a "
    "authenticator phone open add setup key manually continue cancel help learn more "
    "billing notifications privacy sessions email organization team members"
).split()
ISSUERS = ["GitHub", "Google", "Dropbox", "ACME Co", "Proton", "Slack", "GitLab", "Mastodon",
           "Bitwarden", "Cloudflare", "Kraken", "Namecheap", "Fastmail", "Atlassian", "Zoom"]


def font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for d in FONT_DIRS:
        p = os.path.join(d, name)
        if os.path.exists(p):
            return ImageFont.truetype(p, max(6, int(size)))
    return ImageFont.load_default()


# --- payloads ------------------------------------------------------------------

def b32secret(rng, nbytes):
    return base64.b32encode(bytes(rng.getrandbits(8) for _ in range(nbytes))).decode().rstrip("=")


def otpauth(rng):
    issuer = rng.choice(ISSUERS)
    user = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 10)))
    label = urllib.parse.quote(f"{issuer}:{user}@example.com", safe="@:")
    secret = b32secret(rng, rng.choice([10, 16, 20, 32]))
    extra = rng.choice(["", "&algorithm=SHA1&digits=6&period=30", "&digits=6", "&algorithm=SHA256"])
    return f"otpauth://totp/{label}?secret={secret}&issuer={urllib.parse.quote(issuer)}{extra}"


def varint(n):
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def field(num, wire, payload):
    key = varint((num << 3) | wire)
    if wire == 2:
        return key + varint(len(payload)) + payload
    return key + varint(payload)


def migration(rng, count=10):
    """A Google Authenticator export URI with `count` accounts (protobuf by hand)."""
    body = b""
    for _ in range(count):
        issuer = rng.choice(ISSUERS)
        name = f"{issuer}:" + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 12))) + "@example.com"
        p = field(1, 2, bytes(rng.getrandbits(8) for _ in range(20)))
        p += field(2, 2, name.encode()) + field(3, 2, issuer.encode())
        p += field(4, 0, 1) + field(5, 0, 1) + field(6, 0, 2)
        body += field(1, 2, p)
    body += field(2, 0, 1) + field(3, 0, 1) + field(4, 0, 0) + field(5, 0, rng.randint(1, 2**31 - 1))
    data = urllib.parse.quote(base64.b64encode(body).decode(), safe="")
    return f"otpauth-migration://offline?data={data}"


# --- QR rendering ----------------------------------------------------------------

def qr_matrix(payload, error="m"):
    q = segno.make_qr(payload, error=error, boost_error=False)
    return np.array([[1 if v else 0 for v in row] for row in q.matrix], dtype=np.uint8)


def render_qr(m, module, quiet=4, fg=(0, 0, 0), bg=(255, 255, 255), style="square", supersample=8):
    """RGB image of the code; `module` may be fractional (rendered large, then area-resampled,
    as a browser rasterises an SVG or a CSS-scaled image)."""
    n = m.shape[0]
    ss = supersample if abs(module - round(module)) > 1e-6 or style != "square" else 1
    unit = int(round(module * ss)) if ss > 1 else int(round(module))
    unit = max(unit, 1)
    side = (n + 2 * quiet) * unit
    img = Image.new("RGB", (side, side), bg)
    d = ImageDraw.Draw(img)
    finder = np.zeros_like(m)
    for (fx, fy) in [(0, 0), (n - 7, 0), (0, n - 7)]:
        finder[fy:fy + 7, fx:fx + 7] = 1
    for y in range(n):
        for x in range(n):
            if not m[y, x]:
                continue
            x0, y0 = (x + quiet) * unit, (y + quiet) * unit
            if style == "dots" and not finder[y, x]:
                r = unit * 0.42
                cx, cy = x0 + unit / 2, y0 + unit / 2
                d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fg)
            elif style in ("dots", "rounded") and finder[y, x]:
                continue  # eyes drawn below
            elif style == "rounded":
                d.rounded_rectangle([x0, y0, x0 + unit - 1, y0 + unit - 1], radius=unit * 0.35, fill=fg)
            else:
                d.rectangle([x0, y0, x0 + unit - 1, y0 + unit - 1], fill=fg)
    if style in ("dots", "rounded"):
        for (fx, fy) in [(0, 0), (n - 7, 0), (0, n - 7)]:
            x0, y0 = (fx + quiet) * unit, (fy + quiet) * unit
            d.rounded_rectangle([x0, y0, x0 + 7 * unit - 1, y0 + 7 * unit - 1], radius=unit * 2.2, fill=fg)
            d.rounded_rectangle([x0 + unit, y0 + unit, x0 + 6 * unit - 1, y0 + 6 * unit - 1], radius=unit * 1.6, fill=bg)
            d.rounded_rectangle([x0 + 2 * unit, y0 + 2 * unit, x0 + 5 * unit - 1, y0 + 5 * unit - 1], radius=unit * 1.0, fill=fg)
    if ss > 1:
        target = max(1, int(round((n + 2 * quiet) * module)))
        img = img.resize((target, target), Image.BOX)
    return img


# --- mock pages ------------------------------------------------------------------

THEMES = {
    "light": dict(bg=(246, 247, 249), card=(255, 255, 255), text=(36, 41, 47), muted=(101, 109, 118),
                  bar=(36, 41, 47), bartext=(240, 240, 240), accent=(31, 136, 61), border=(208, 215, 222)),
    "dark": dict(bg=(13, 17, 23), card=(22, 27, 34), text=(230, 237, 243), muted=(139, 148, 158),
                 bar=(1, 4, 9), bartext=(230, 237, 243), accent=(35, 134, 54), border=(48, 54, 61)),
}


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def page(rng, w, h, scale, theme, reserve=None, reserve_h=None):
    """A settings page at `scale` (device pixel ratio); returns the image and the
    (x, y, max_side) box where the code goes."""
    t = THEMES[theme]
    img = Image.new("RGB", (w, h), t["bg"])
    d = ImageDraw.Draw(img)
    s = scale
    d.rectangle([0, 0, w, int(56 * s)], fill=t["bar"])
    d.text((int(20 * s), int(16 * s)), rng.choice(ISSUERS), font=font(20 * s, True), fill=t["bartext"])
    for i in range(4):
        d.text((int((200 + 110 * i) * s), int(20 * s)), rng.choice(WORDS).capitalize(), font=font(14 * s), fill=t["bartext"])
    # Sidebar.
    for i in range(12):
        d.text((int(24 * s), int((90 + 32 * i) * s)), rng.choice(WORDS).capitalize(), font=font(14 * s), fill=t["muted"])
    # Card.
    cx0, cy0 = int(260 * s), int(80 * s)
    cx1, cy1 = min(w - int(20 * s), cx0 + int(760 * s)), h - int(20 * s)
    d.rounded_rectangle([cx0, cy0, cx1, cy1], radius=int(8 * s), fill=t["card"], outline=t["border"], width=max(1, int(s)))
    d.text((cx0 + int(24 * s), cy0 + int(20 * s)), "Enable two-factor authentication", font=font(24 * s, True), fill=t["text"])
    y = cy0 + int(64 * s)
    for _ in range(3):
        d.text((cx0 + int(24 * s), y), words(rng, rng.randint(8, 14)), font=font(14 * s), fill=t["muted"])
        y += int(22 * s)
    qx, qy = cx0 + int(24 * s), y + int(16 * s)
    # Text to the right of the code, and the manual key under it.
    tx = qx + (reserve + int(30 * s) if reserve else int(260 * s))
    for i in range(6):
        d.text((tx, qy + int(28 * i * s)), words(rng, rng.randint(3, 6)), font=font(13 * s), fill=t["text"])
    below = qy + max(int(250 * s), (reserve_h or 0) + int(16 * s))
    d.text((qx, min(h - int(60 * s), below)), "Can't scan? Enter this key: " + " ".join(
        b32secret(rng, 10)[i:i + 4] for i in range(0, 16, 4)), font=font(13 * s), fill=t["muted"])
    bx = qx
    by = min(h - int(40 * s), below + int(30 * s))
    d.rounded_rectangle([bx, by, bx + int(120 * s), by + int(32 * s)], radius=int(6 * s), fill=t["accent"])
    d.text((bx + int(30 * s), by + int(8 * s)), "Verify", font=font(14 * s, True), fill=(255, 255, 255))
    return img, (qx, qy)


def busy_background(rng, w, h):
    """A desktop wallpaper: gradients, shapes, noise."""
    yy, xx = np.mgrid[0:h, 0:w]
    a = np.array([rng.randint(0, 255) for _ in range(3)], dtype=np.float32)
    b = np.array([rng.randint(0, 255) for _ in range(3)], dtype=np.float32)
    f = ((xx / w + yy / h) / 2)[..., None]
    arr = a * (1 - f) + b * f
    img = Image.fromarray(arr.astype(np.uint8), "RGB")
    d = ImageDraw.Draw(img)
    for _ in range(60):
        x, y = rng.randint(0, w), rng.randint(0, h)
        r = rng.randint(10, 160)
        c = tuple(rng.randint(0, 255) for _ in range(3))
        (d.ellipse if rng.random() < 0.5 else d.rectangle)([x - r, y - r, x + r, y + r], fill=c)
    noise = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 12, (h, w, 1))
    arr = np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB").filter(ImageFilter.GaussianBlur(1.2))


def window_with_shadow(bg, win, x, y, radius=14):
    shadow = Image.new("L", (win.width + 4 * radius, win.height + 4 * radius), 0)
    ImageDraw.Draw(shadow).rectangle([2 * radius, 2 * radius, 2 * radius + win.width, 2 * radius + win.height], fill=150)
    shadow = shadow.filter(ImageFilter.GaussianBlur(radius))
    black = Image.new("RGB", shadow.size, (0, 0, 0))
    bg.paste(black, (x - 2 * radius + 4, y - 2 * radius + 8), shadow)
    bg.paste(win, (x, y))
    return bg


def cursor(img, x, y, scale=1.0):
    pts = [(0, 0), (0, 17), (4, 13), (7, 20), (10, 19), (7, 12), (12, 12)]
    pts = [(x + px * scale * 1.3, y + py * scale * 1.3) for px, py in pts]
    d = ImageDraw.Draw(img)
    d.polygon(pts, fill=(0, 0, 0), outline=(255, 255, 255))
    d.line(pts + [pts[0]], fill=(255, 255, 255), width=max(1, int(scale)))
    return img


def jpeg(img, q, subsampling=2):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=q, subsampling=subsampling)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def rotate(img, deg, fill):
    return img.rotate(deg, resample=Image.BICUBIC, expand=True, fillcolor=fill)


# --- the categories ------------------------------------------------------------------

def screenshot(rng, payloads, *, w=1440, h=900, scale=1.0, theme="light", module=4.0, style="square",
               fg=None, bg=None, ec="m", logo=False, code_scale=1.0, blur=0.0, quiet=4, resample=Image.BILINEAR):
    """A page with one or more codes; the code is rendered at `module` logical px, then
    scaled by the device `scale` and an extra CSS `code_scale` (bilinear, as browsers do)."""
    t = THEMES[theme]
    codes = []
    for payload in payloads:
        m = qr_matrix(payload, "h" if logo else ec)
        fgc = fg or ((0, 0, 0) if theme == "light" else t["text"])
        bgc = bg or ((255, 255, 255) if theme == "light" else t["card"])
        code = render_qr(m, module, quiet=quiet, fg=fgc, bg=bgc, style=style)
        if logo:
            ls = int(code.width * 0.22)
            lg = Image.new("RGB", (ls, ls), (255, 255, 255))
            ImageDraw.Draw(lg).rounded_rectangle([2, 2, ls - 3, ls - 3], radius=ls // 5, fill=(rng.randint(0, 200), 80, 200))
            ImageDraw.Draw(lg).text((ls // 4, ls // 5), rng.choice(ISSUERS)[0], font=font(ls * 0.6, True), fill=(255, 255, 255))
            code.paste(lg, ((code.width - ls) // 2, (code.height - ls) // 2))
        f = scale * code_scale
        if abs(f - 1) > 1e-6:
            code = code.resize((max(1, int(round(code.width * f))), max(1, int(round(code.height * f)))), resample)
        if blur:
            code = code.filter(ImageFilter.GaussianBlur(blur))
        codes.append(code)
    gap = int(40 * scale)
    reserve = sum(c.width for c in codes) + gap * (len(codes) - 1)
    img, (qx, qy) = page(rng, w, h, scale, theme, reserve, max(c.height for c in codes))
    screenshot.boxes = []
    x = qx
    for code in codes:
        if x + code.width > img.width or qy + code.height > img.height:
            img = img.crop((0, 0, max(img.width, x + code.width + 10), max(img.height, qy + code.height + 10)))
        img.paste(code, (x, qy))
        screenshot.boxes.append((x, qy, code.width, code.height))
        x += code.width + gap
    return img


def make(category, rng, idx):
    """(image, expected payloads, save format)."""
    fmt = "png"
    p = [otpauth(rng)]
    if category == "plain":
        img = screenshot(rng, p, module=rng.choice([3, 4, 5, 6]))
        fmt = ["png", "png", "webp", "bmp", "gif", "jpeg95"][idx % 6]
    elif category == "dark":
        img = screenshot(rng, p, theme="dark", module=rng.choice([3, 4, 5]))
    elif category in ("hidpi-1.25", "hidpi-1.5", "hidpi-2"):
        s = float(category.split("-")[1])
        img = screenshot(rng, p, w=int(1280 * s), h=int(800 * s), scale=s, module=rng.choice([3, 4, 5]),
                         theme=rng.choice(["light", "dark"]))
    elif category == "hidpi-downscaled":
        # A 2x screenshot shrunk for sharing: modules end up 1.75-2.1 px.
        mod = rng.choice([3, 4])
        img = screenshot(rng, p, w=2560, h=1600, scale=2.0, module=mod)
        k = rng.uniform(1.75, 2.1) / (2 * mod)
        img = img.resize((int(img.width * k), int(img.height * k)), Image.LANCZOS)
    elif category == "tiny-modules":
        # Modules of 1.3-1.7 px: a CSS-shrunk code, or a whole 2x screenshot scaled down.
        # A third of them pixelated (`image-rendering: pixelated`, common for QR images):
        # nearest-neighbour scaling makes modules alternately 1 and 2 px wide.
        mod = rng.uniform(1.3, 1.7)
        if idx % 3 == 1:
            img = screenshot(rng, p, w=2880, h=1800, scale=2.0, module=2)
            k = mod / 4
            img = img.resize((int(img.width * k), int(img.height * k)), Image.LANCZOS)
        elif idx % 3 == 2:
            img = screenshot(rng, p, module=1, code_scale=mod, resample=Image.NEAREST)
        else:
            img = screenshot(rng, p, module=4, code_scale=mod / 4)
        if idx % 2:
            # Then shared: JPEG, as screenshots of this size usually travel.
            img = jpeg(img, rng.randint(80, 92))
    elif category == "css-blur":
        img = screenshot(rng, p, module=rng.choice([3, 4]), code_scale=rng.uniform(0.7, 1.6), blur=rng.uniform(0.5, 1.1))
    elif category == "svg":
        img = screenshot(rng, p, module=rng.uniform(2.3, 5.7), scale=rng.choice([1.0, 1.5]))
    elif category == "jpeg":
        img = jpeg(screenshot(rng, p, module=rng.choice([3, 4, 5]), theme=rng.choice(["light", "dark"])), rng.randint(25, 55))
    elif category == "cropped-snip":
        # A snip cut just outside the code: a quiet zone of 0.5-1.5 modules on some sides.
        mod = rng.choice([3, 4, 5])
        img = screenshot(rng, p, module=mod)
        x, y, w, h = screenshot.boxes[0]
        q = 4 * mod
        margin = rng.uniform(0.5, 1.5) * mod
        x0, y0 = int(x + q - margin), int(y + q - margin)
        x1, y1 = int(x + w - q + margin), int(y + h - q + margin)
        img = img.crop((x0, y0, x1 + rng.choice([0, 0, 120]), y1 + rng.choice([0, 40])))
    elif category == "rotated":
        img = screenshot(rng, p, module=rng.choice([4, 5, 6]))
        img = rotate(img, rng.choice([-1, 1]) * rng.uniform(2, 6), THEMES["light"]["bg"])
    elif category == "shadow-busy":
        s = rng.choice([1.0, 1.5])
        win = screenshot(rng, p, w=int(1000 * s), h=int(640 * s), scale=s, module=rng.choice([3, 4]),
                         theme=rng.choice(["light", "dark"]))
        bg = busy_background(rng, int(1920 * s), int(1080 * s))
        img = window_with_shadow(bg, win, rng.randint(60, 700), rng.randint(40, 300))
    elif category == "two-codes":
        p = [otpauth(rng), otpauth(rng)]
        img = screenshot(rng, p, module=rng.choice([3, 4]), w=1600)
    elif category == "brand-colour":
        fg = rng.choice([(26, 115, 232), (124, 58, 237), (22, 128, 61), (220, 38, 38), (0, 104, 120)])
        bg = rng.choice([(255, 255, 255), (240, 246, 255), (255, 250, 235)])
        img = screenshot(rng, p, module=rng.choice([3, 4, 5]), fg=fg, bg=bg)
    elif category == "logo":
        img = screenshot(rng, p, module=rng.choice([4, 5]), logo=True)
    elif category == "styled":
        img = screenshot(rng, p, module=rng.choice([4, 5, 6]), style=["dots", "rounded"][idx % 2])
    elif category == "low-contrast":
        if idx % 2:
            img = screenshot(rng, p, module=rng.choice([3, 4]), fg=(120, 120, 120), bg=(175, 175, 175))
        else:
            img = screenshot(rng, p, theme="dark", module=rng.choice([3, 4]), fg=(170, 175, 180), bg=(45, 50, 56))
    elif category == "chat-recompressed":
        img = screenshot(rng, p, w=2560, h=1600, scale=2.0, module=rng.choice([3, 4]))
        k = 1280 / img.width
        img = img.resize((1280, int(img.height * k)), Image.BILINEAR)
        img = jpeg(jpeg(img, rng.randint(70, 82)), rng.randint(60, 75))
    elif category == "cursor":
        img = screenshot(rng, p, module=rng.choice([4, 5]))
        x, y, w, h = screenshot.boxes[0]
        img = cursor(img, x + int(w * rng.uniform(0.35, 0.65)), y + int(h * rng.uniform(0.35, 0.65)), 1.0)
    elif category in ("4k", "5k", "multi-monitor"):
        w, h = {"4k": (3840, 2160), "5k": (5120, 2880), "multi-monitor": (5760, 1800)}[category]
        s = 2.0 if category != "multi-monitor" else 1.0
        if category == "multi-monitor":
            img = busy_background(rng, w, h)
            win = screenshot(rng, p, w=1400, h=900, module=rng.choice([3, 4]))
            img = window_with_shadow(img, win, rng.randint(2000, 4000), rng.randint(100, 800))
        else:
            img = screenshot(rng, p, w=w, h=h, scale=s, module=rng.choice([2.5, 3, 4]), theme=rng.choice(["light", "dark"]))
    elif category == "dense-export":
        p = [migration(rng, 10)]
        img = screenshot(rng, p, module=rng.choice([2.5, 3, 3.5]), scale=rng.choice([1.0, 2.0]), ec="l",
                         w=rng.choice([1440, 2880]), h=rng.choice([900, 1800]))
    elif category == "negative":
        p = []
        kind = idx % 4
        if kind == 0:
            img, _ = page(rng, 1440, 900, 1.0, rng.choice(["light", "dark"]))
        elif kind == 1:
            img = busy_background(rng, 1920, 1080)
        elif kind == 2:
            img, _ = page(rng, 2880, 1800, 2.0, "light")
            d = ImageDraw.Draw(img)
            # A checkerboard and stripes: QR-like textures that are not codes.
            for y in range(0, 200, 8):
                for x in range(0, 200, 8):
                    if (x // 8 + y // 8) % 2:
                        d.rectangle([600 + x, 500 + y, 607 + x, 507 + y], fill=(0, 0, 0))
        else:
            img = jpeg(page(rng, 1920, 1080, 1.0, "light")[0], 50)
    else:
        raise ValueError(category)
    return img, p, fmt


CATEGORIES = ["plain", "dark", "hidpi-1.25", "hidpi-1.5", "hidpi-2", "hidpi-downscaled", "tiny-modules",
              "css-blur", "svg", "jpeg", "cropped-snip", "rotated", "shadow-busy", "two-codes",
              "brand-colour", "logo", "styled", "low-contrast", "chat-recompressed", "cursor",
              "4k", "5k", "multi-monitor", "dense-export", "negative"]


def save(img, path_base, fmt):
    if fmt == "png":
        path = path_base + ".png"
        img.save(path, "PNG", compress_level=6)
    elif fmt == "webp":
        path = path_base + ".webp"
        img.save(path, "WEBP", lossless=True)
    elif fmt == "bmp":
        path = path_base + ".bmp"
        img.save(path, "BMP")
    elif fmt == "gif":
        path = path_base + ".gif"
        img.convert("P", palette=Image.ADAPTIVE, colors=64).save(path, "GIF")
    elif fmt == "jpeg95":
        path = path_base + ".jpg"
        img.save(path, "JPEG", quality=95)
    else:
        raise ValueError(fmt)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--per-category", type=int, default=8)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    manifest = []
    cats = [c for c in CATEGORIES if not a.only or c in a.only.split(",")]
    for category in cats:
        n = a.per_category * (2 if category == "negative" else 1)
        for i in range(n):
            rng = random.Random(f"{a.seed}:{category}:{i}")
            img, payloads, fmt = make(category, rng, i)
            path = save(img.convert("RGB"), os.path.join(a.out, f"{category}-{i:02d}"), fmt)
            manifest.append({"file": os.path.basename(path), "category": category, "expected": payloads,
                             "width": img.width, "height": img.height})
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"{len(manifest)} images in {a.out}")


if __name__ == "__main__":
    main()
