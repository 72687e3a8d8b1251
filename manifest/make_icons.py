"""Draw the two Teams app icons for Samverkansboten: `color.png` and `outline.png`.

    .venv/bin/python manifest/make_icons.py            # rewrite manifest/*.png
    .venv/bin/python manifest/make_icons.py --out DIR  # write somewhere else

The PNGs are committed; run this only when the design changes. The motif is two
interlocking rings (organisations working together) with a check-mark badge (a decision
that was agreed). Both icons share one geometry so they stay recognisably the same app.

Teams' rules (app manifest docs): colour icon 192×192, symbol kept well inside the
square on a solid background; outline icon 32×32, white on a transparent background.
Shapes are drawn at a multiple of the final size and scaled down so edges are smooth.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

COLOR_SIZE = 192
OUTLINE_SIZE = 32

# Deep municipal blue with a warm yellow: readable in Teams' light and dark themes.
# Keep BACKGROUND equal to `accentColor` in manifest.template.json.
BACKGROUND = (0x1B, 0x5E, 0x8C)
RING_LEFT = (0xFF, 0xFF, 0xFF)
RING_RIGHT = (0x9F, 0xD4, 0xF2)
BADGE = (0xF5, 0xC3, 0x42)
CHECK = BACKGROUND

# The glyph in unit coordinates (0..1 both ways); each icon maps it into its own box.
RING_RADIUS = 0.235  # to the middle of the stroke
RING_STROKE = 0.10
RING_LEFT_CENTER = (0.30, 0.37)
RING_RIGHT_CENTER = (0.56, 0.37)
BADGE_CENTER = (0.745, 0.745)
BADGE_RADIUS = 0.235
GAP = 0.045  # the cut that separates overlapping shapes
CHECK_POINTS = ((-0.105, 0.0), (-0.03, 0.075), (0.11, -0.07))  # relative to BADGE_CENTER
CHECK_STROKE = 0.07

# Where each icon puts the glyph: the colour icon keeps a wide margin (Teams crops and
# rounds it in places), the outline icon uses nearly all of its tiny canvas.
COLOR_MARGIN = 0.19
OUTLINE_MARGIN = 0.02
SUPERSAMPLE = 8


class _Canvas:
    """Maps glyph coordinates onto a supersampled square of `size` final pixels."""

    def __init__(self, size: int, margin: float) -> None:
        self.size = size
        self.px = size * SUPERSAMPLE
        self._offset = margin * self.px
        self._scale = (1 - 2 * margin) * self.px

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (self._offset + x * self._scale, self._offset + y * self._scale)

    def length(self, value: float) -> float:
        return value * self._scale

    def blank(self) -> Image.Image:
        return Image.new("L", (self.px, self.px), 0)

    def disc(self, center: tuple[float, float], radius: float) -> Image.Image:
        mask = self.blank()
        cx, cy = self.point(*center)
        r = self.length(radius)
        ImageDraw.Draw(mask).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
        return mask

    def ring(self, center: tuple[float, float], radius: float, stroke: float) -> Image.Image:
        outer = self.disc(center, radius + stroke / 2)
        inner = self.disc(center, radius - stroke / 2)
        return ImageChops.subtract(outer, inner)

    def check(self) -> Image.Image:
        mask = self.blank()
        bx, by = BADGE_CENTER
        points = [self.point(bx + dx, by + dy) for dx, dy in CHECK_POINTS]
        width = round(self.length(CHECK_STROKE))
        draw = ImageDraw.Draw(mask)
        draw.line(points, fill=255, width=width, joint="curve")
        # Round the two free ends so the tick does not look clipped when scaled down.
        for x, y in (points[0], points[-1]):
            r = width / 2
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
        return mask


def _crossings() -> tuple[tuple[float, float], tuple[float, float]]:
    """Upper and lower points where the two ring centre lines cross."""
    (lx, ly), (rx, _) = RING_LEFT_CENTER, RING_RIGHT_CENTER
    half = (rx - lx) / 2
    rise = (RING_RADIUS**2 - half**2) ** 0.5
    return (lx + half, ly - rise), (lx + half, ly + rise)


def _layers(canvas: _Canvas) -> dict[str, Image.Image]:
    """Coverage masks for each shape, already cut so that painting them in order interlocks."""
    left = canvas.ring(RING_LEFT_CENTER, RING_RADIUS, RING_STROKE)
    right = canvas.ring(RING_RIGHT_CENTER, RING_RADIUS, RING_STROKE)
    left_wide = canvas.ring(RING_LEFT_CENTER, RING_RADIUS, RING_STROKE + 2 * GAP)
    right_wide = canvas.ring(RING_RIGHT_CENTER, RING_RADIUS, RING_STROKE + 2 * GAP)
    top, bottom = _crossings()
    # Over-under: the left ring lies on top at the upper crossing and underneath at the
    # lower one. At each crossing the ring underneath is cut by a widened copy of the one
    # on top, which leaves the thin gap that makes the weave readable.
    near_top = canvas.disc(top, RING_STROKE * 1.6)
    near_bottom = canvas.disc(bottom, RING_STROKE * 1.6)
    right = ImageChops.subtract(right, ImageChops.multiply(left_wide, near_top))
    left = ImageChops.subtract(left, ImageChops.multiply(right_wide, near_bottom))
    # The badge sits on top of both rings with a clear moat around it.
    moat = canvas.disc(BADGE_CENTER, BADGE_RADIUS + GAP)
    return {
        "left": ImageChops.subtract(left, moat),
        "right": ImageChops.subtract(right, moat),
        "badge": canvas.disc(BADGE_CENTER, BADGE_RADIUS),
        "check": canvas.check(),
    }


def _downscale(mask: Image.Image, size: int) -> Image.Image:
    return mask.resize((size, size), Image.Resampling.LANCZOS)


def draw_color(size: int = COLOR_SIZE) -> Image.Image:
    """Full-bleed blue square with white and light-blue rings and a yellow check badge."""
    canvas = _Canvas(size, COLOR_MARGIN)
    layers = _layers(canvas)
    image = Image.new("RGB", (canvas.px, canvas.px), BACKGROUND)
    for name, colour in (
        ("left", RING_LEFT),
        ("right", RING_RIGHT),
        ("badge", BADGE),
        ("check", CHECK),
    ):
        image.paste(colour, (0, 0), layers[name])
    # Resize the finished picture (not each mask) so neighbouring colours blend cleanly.
    return image.resize((size, size), Image.Resampling.LANCZOS).convert("RGBA")


def draw_outline(size: int = OUTLINE_SIZE) -> Image.Image:
    """White glyph on transparency; the check is cut out of the badge, not painted."""
    canvas = _Canvas(size, OUTLINE_MARGIN)
    layers = _layers(canvas)
    coverage = canvas.blank()
    for name in ("left", "right", "badge"):
        coverage = ImageChops.lighter(coverage, layers[name])
    coverage = ImageChops.subtract(coverage, layers["check"])
    # Only the alpha channel carries the shape; every pixel stays pure white, which is
    # what Teams requires of an outline icon (it recolours it for the app bar).
    alpha = _downscale(coverage, size)
    white = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    white.putalpha(alpha)
    return white


def write_icons(out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    color_path = out_dir / "color.png"
    outline_path = out_dir / "outline.png"
    draw_color().save(color_path, optimize=True)
    draw_outline().save(outline_path, optimize=True)
    return color_path, outline_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rita Samverkansbotens Teams-ikoner.")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="katalog att skriva color.png och outline.png i (standard: manifest/)",
    )
    args = parser.parse_args(argv)
    for path in write_icons(args.out):
        print(path)  # noqa: T201 - a developer script; the paths are its output
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
