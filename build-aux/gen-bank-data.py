#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regenerates data/banks/zengin.tsv.gz: the 全銀 bank and branch codes.

  build-aux/gen-bank-data.py ZENGIN_GIT [OUTPUT]

ZENGIN_GIT  a clone (or bare mirror) of https://github.com/zengin-code/source-data
            (data/banks.json and data/branches/NNNN.json, the data of the npm package
            zengin-code; MIT licence).

The output starts with a '#' line naming the source, its commit and date, and its
licence. Then, for each bank in code order, "NNNN<TAB>name<TAB>kana" followed by its
branches, "<TAB>NNN<TAB>name<TAB>kana", in code order. Names and kana are as 全銀
spells them (full-width, katakana).
"""

import gzip
import json
import os
import subprocess
import sys


def git_dir(repo):
    return os.path.join(repo, '.git') if os.path.isdir(os.path.join(repo, '.git')) else repo


def show(repo, path):
    return subprocess.run(['git', '--git-dir', git_dir(repo), 'show', f'HEAD:{path}'],
                          check=True, capture_output=True).stdout


def clean(text):
    return ' '.join(text.split())


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    repo = argv[1]
    out = argv[2] if len(argv) == 3 else os.path.join(os.path.dirname(__file__), '..', 'data',
                                                      'banks', 'zengin.tsv.gz')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    commit, date = subprocess.run(['git', '--git-dir', git_dir(repo), 'log', '-1',
                                   '--format=%H %cs'], check=True,
                                  capture_output=True).stdout.decode().split()
    banks = json.loads(show(repo, 'data/banks.json'))
    with gzip.GzipFile(out, 'wb', mtime=0) as f:
        f.write((f'# source: https://github.com/zengin-code/source-data (npm zengin-code) '
                 f'commit {commit} ({date}); licence: MIT\n').encode())
        for code in sorted(banks):
            bank = banks[code]
            f.write(f'{code}\t{clean(bank["name"])}\t{clean(bank["kana"])}\n'.encode())
            branches = json.loads(show(repo, f'data/branches/{code}.json'))
            for bcode in sorted(branches):
                branch = branches[bcode]
                f.write(f'\t{bcode}\t{clean(branch["name"])}\t{clean(branch["kana"])}\n'.encode())
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
