#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Translation completeness: fails when a string staff or residents see is
not translated.

usage: check-translations.py SOURCE_ROOT LANG…

1. po/POTFILES.in is sorted, names only files that exist, and lists every
   file under src/, ui/ and data/ that has translatable strings: _(), N_(), C_(), NC_(), ngettext() in .c,
   translatable="yes" in .ui, and the desktop file, metainfo and schema.
2. For each LANG, po/LANG.po passes `msgfmt --check`, and merged with the
   strings of those files as they are now (xgettext with meson's glib preset,
   as `madoguchi-pot` does), has no untranslated and no fuzzy message. So a
   new string without its translation fails here, even before anyone updates
   the .po file.
Fix: `meson compile -C BUILDDIR madoguchi-update-po`, translate, commit.
"""

import os
import re
import subprocess
import sys
import tempfile

C_MARK = re.compile(r'(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext)\s*\(', re.M)
UI_MARK = re.compile(r'translatable="yes"')
DATA_FILES = (
    'data/forms/boxes.xml',
    'data/io.github.madoguchi.Madoguchi.desktop.in.in',
    'data/io.github.madoguchi.Madoguchi.gschema.xml',
    'data/io.github.madoguchi.Madoguchi.metainfo.xml.in.in',
)
# meson's i18n preset 'glib' (mesonbuild/modules/i18n.py), plus -k_ as meson adds it
XGETTEXT_ARGS = [
    '-k_', '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def fail(text):
    print(f'check-translations: {text}', file=sys.stderr)


def files_with_strings(root):
    found = set(f for f in DATA_FILES if os.path.exists(os.path.join(root, f)))
    for top in ('src', 'ui'):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                if name.endswith('.c'):
                    if C_MARK.search(open(path, encoding='utf-8').read()):
                        found.add(rel)
                elif name.endswith('.ui'):
                    if UI_MARK.search(open(path, encoding='utf-8').read()):
                        found.add(rel)
    return found


def check_potfiles(root):
    listed = [line.strip() for line in open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8')
              if line.strip() and not line.startswith('#')]
    ok = True
    if listed != sorted(listed):
        fail('po/POTFILES.in is not sorted')
        ok = False
    needed = files_with_strings(root)
    for f in sorted(needed - set(listed)):
        fail(f'po/POTFILES.in does not list {f}, which has translatable strings')
        ok = False
    for f in listed:
        if not os.path.exists(os.path.join(root, f)):
            fail(f'po/POTFILES.in lists {f}, which does not exist')
            ok = False
    return ok


def count(po, flag):
    out = subprocess.run(['msgattrib', flag, '--no-obsolete', po],
                         check=True, capture_output=True, text=True).stdout
    return out, len(re.findall(r'^msgid ', out, re.M))


def check_language(root, lang, tmp):
    po = os.path.join(root, 'po', f'{lang}.po')
    ok = subprocess.run(['msgfmt', '--check', '-o', os.devnull, po]).returncode == 0
    if not ok:
        fail(f'po/{lang}.po does not pass msgfmt --check')
    pot = os.path.join(tmp, 'madoguchi.pot')
    # po/its: the rules for data/forms/boxes.xml, as meson's data_dirs gives them
    env = dict(os.environ, GETTEXTDATADIRS=os.path.join(root, 'po'))
    subprocess.run(['xgettext', '--package-name=madoguchi', '-f', os.path.join(root, 'po', 'POTFILES.in'),
                    '-D', root, '-o', pot] + XGETTEXT_ARGS, check=True, env=env)
    merged = os.path.join(tmp, f'{lang}.po')
    subprocess.run(['msgmerge', '--quiet', '-o', merged, po, pot], check=True)
    if subprocess.run(['msgfmt', '--check', '-o', os.devnull, merged]).returncode != 0:
        fail(f'po/{lang}.po merged with the current strings does not pass msgfmt --check')
        ok = False
    for flag, what in (('--untranslated', 'untranslated'), ('--only-fuzzy', 'fuzzy')):
        text, n = count(merged, flag)
        # msgattrib keeps the header entry when it prints anything
        n -= 1 if n else 0
        if n > 0:
            fail(f'po/{lang}.po: {n} {what} message(s) for the current sources:\n{text}')
            ok = False
    total = len(re.findall(r'^msgid ', open(merged, encoding='utf-8').read(), re.M)) - 1
    if ok:
        print(f'po/{lang}.po: all {total} messages translated')
    return ok


def main():
    root, langs = sys.argv[1], sys.argv[2:]
    ok = check_potfiles(root)
    with tempfile.TemporaryDirectory() as tmp:
        for lang in langs:
            ok = check_language(root, lang, tmp) and ok
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
