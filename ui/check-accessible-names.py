#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every control of the GtkBuilder files has a name a screen
reader can say: a label, a child GtkLabel, or an accessible label. An
icon-only button names itself with <accessibility><property name="label">.

usage: check-accessible-names.py UI_DIR
"""

import glob
import sys
import xml.etree.ElementTree as ET

CONTROLS = {
    'GtkButton', 'GtkMenuButton', 'GtkToggleButton', 'GtkSwitch', 'GtkSpinButton',
    'GtkDropDown', 'GtkSearchEntry', 'GtkEntry', 'GtkCheckButton', 'GtkScale',
    'AdwSplitButton',
}


def named(obj):
    props = {p.get('name') for p in obj.findall('property')}
    if 'label' in props:
        return True
    accessibility = obj.find('accessibility')
    if accessibility is not None and any(p.get('name') in ('label', 'labelled-by')
                                         for p in accessibility):
        return True
    return any(child.get('class') == 'GtkLabel' for child in obj.iter('object'))


def main():
    problems = 0
    paths = sorted(glob.glob(f'{sys.argv[1]}/*.ui') + glob.glob(f'{sys.argv[1]}/*/*.ui'))
    if not paths:
        print(f'no .ui files in {sys.argv[1]}', file=sys.stderr)
        return 1
    for path in paths:
        for obj in ET.parse(path).iter('object'):
            if obj.get('class') in CONTROLS and not named(obj):
                print(f'{path}: {obj.get("class")} {obj.get("id") or "(no id)"} has no '
                      'accessible name', file=sys.stderr)
                problems += 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
