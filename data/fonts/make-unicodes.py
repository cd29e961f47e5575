#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes forms-jp.unicodes: the code points the forms' font keeps (see
# README.md). Run it from this directory after changing the blocks below:
#
#     ./make-unicodes.py > forms-jp.unicodes
#
# The list is every character of Windows code page 932 (JIS X 0208 with the
# NEC and IBM extensions: what Japanese office software can type, including
# 髙 and 﨑), without its private-use area, plus the Unicode blocks below in
# full. A name with a character outside it still prints: the renderer sets
# that document in the system's full font.

import sys

BLOCKS = [
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2100, 0x218F, "Letterlike Symbols, Number Forms"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics"),
    (0x2500, 0x259F, "Box Drawing, Block Elements"),
    (0x25A0, 0x26FF, "Geometric Shapes, Miscellaneous Symbols"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3040, 0x30FF, "Hiragana, Katakana"),
    (0x3200, 0x33FF, "Enclosed CJK Letters and Months, CJK Compatibility"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]


def cp932():
    """Every character Windows code page 932 encodes, private use excepted."""
    out = set()
    singles = list(range(0x20, 0x7F)) + list(range(0xA1, 0xE0))
    for byte in singles:
        out.update(map(ord, bytes([byte]).decode("cp932")))
    leads = list(range(0x81, 0xA0)) + list(range(0xE0, 0xFD))
    trails = list(range(0x40, 0x7F)) + list(range(0x80, 0xFD))
    for lead in leads:
        for trail in trails:
            try:
                text = bytes([lead, trail]).decode("cp932")
            except UnicodeDecodeError:
                continue
            out.update(map(ord, text))
    return {c for c in out if not 0xE000 <= c <= 0xF8FF}


def ranges(points):
    points = sorted(points)
    start = previous = points[0]
    for point in points[1:]:
        if point != previous + 1:
            yield start, previous
            start = point
        previous = point
    yield start, previous


def main():
    points = cp932()
    for first, last, _name in BLOCKS:
        points.update(range(first, last + 1))
    for first, last in ranges(points):
        sys.stdout.write("%X\n" % first if first == last else "%X-%X\n" % (first, last))
    print("%d code points" % len(points), file=sys.stderr)


if __name__ == "__main__":
    main()
