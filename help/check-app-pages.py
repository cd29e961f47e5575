#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every help page the application opens (the HELP_PAGE_*
defines of src/app and its folders, "page" or "page#section") exists in help/C.

usage: check-app-pages.py HELP_C_DIR SRC_APP_DIR
"""

import glob
import re
import sys
import xml.etree.ElementTree as ET


def main():
    help_dir, app_dir = sys.argv[1:]
    targets = []
    for path in sorted(glob.glob(f'{app_dir}/**/*.c', recursive=True)):
        for m in re.finditer(r'#define\s+HELP_PAGE_\w+\s+"([^"]*)"', open(path, encoding='utf-8').read()):
            targets.append((path, m.group(1)))
    problems = 0
    if not targets:
        print(f'no HELP_PAGE_ defines in {app_dir}', file=sys.stderr)
        return 1
    for path, target in targets:
        page, _, section = target.partition('#')
        try:
            root = ET.parse(f'{help_dir}/{page}.page').getroot()
        except (OSError, ET.ParseError) as e:
            print(f'{path}: help page {page}: {e}', file=sys.stderr)
            problems += 1
            continue
        if section and not any(el.get('id') == section for el in root.iter()):
            print(f'{path}: {page}.page has no section {section}', file=sys.stderr)
            problems += 1
    if not problems:
        print(f'{len(targets)} help pages of the application exist')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
