#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that each life-event page lists exactly the procedures that
data/catalog/procedures.json has for that event, with their departments.

usage: check-events.py HELP_C_DIR PROCEDURES_JSON
"""

import json
import re
import sys
import xml.etree.ElementTree as ET

NS = {'m': 'http://projectmallard.org/1.0/'}
PAGES = {
    'move_in': 'event-move-in', 'move_within_ward': 'event-move-within-ward',
    'move_between_wards': 'event-move-between-wards', 'move_out': 'event-move-out',
    'death': 'event-death', 'birth': 'event-birth',
    'marriage': 'event-marriage', 'divorce': 'event-divorce',
}


def text(el):
    return ''.join(el.itertext()).strip()


def main():
    help_dir, catalog = sys.argv[1:]
    procedures = json.load(open(catalog, encoding='utf-8'))['procedures']
    problems = 0
    for event, page in PAGES.items():
        root = ET.parse(f'{help_dir}/{page}.page').getroot()
        table = root.find(".//m:section[@id='lists']/m:table", NS)
        rows = []
        for tr in table.findall('m:tbody/m:tr', NS):
            cells = [text(td) for td in tr.findall('m:td', NS)]
            # "転入届 (notice of moving in)": the catalog's name before the gloss
            rows.append((re.sub(r' \([^()]*(\([^()]*\)[^()]*)*\)$', '', cells[0]), cells[1]))
        expected = [(p['name'], p['department']) for p in procedures
                    if event in (p.get('events') or [])]
        names = [r[0] for r in rows]
        for name, department in expected:
            if name not in names:
                print(f'{page}: {name} is missing', file=sys.stderr)
                problems += 1
            elif department not in rows[names.index(name)][1]:
                print(f'{page}: {name} is not under {department}', file=sys.stderr)
                problems += 1
        for name in names:
            if name not in [e[0] for e in expected]:
                print(f'{page}: {name} is not a {event} procedure of the catalog',
                      file=sys.stderr)
                problems += 1
    if problems == 0:
        print(f'{len(PAGES)} event pages match the catalog')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
