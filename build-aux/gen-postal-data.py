#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regenerates data/postal/: the postal codes of Japan and the 丁目 of Kumamoto City.

  build-aux/gen-postal-data.py JPOSTAL_GIT GEOLONIA_GIT [OUTPUT_DIR]

JPOSTAL_GIT   a clone (or bare mirror) of https://github.com/ninton/jquery.jpostal.js
              (json/*.json: Japan Post's KEN_ALL and JIGYOSYO data as JSON, the npm
              package jquery-jpostal-ja; MIT licence).
GEOLONIA_GIT  a clone (or bare mirror) of https://github.com/geolonia/japanese-addresses
              (api/ja/熊本県/熊本市*.json: the 町丁目 of 国土交通省 位置参照情報, as
              updated by Geolonia; CC BY 4.0).

Writes OUTPUT_DIR (default data/postal) postal.tsv.gz and kumamoto-chome.tsv. Both start
with '#' lines naming the source, its commit and date, and its licence.

postal.tsv.gz: lines "C<TAB>都道府県<TAB>市区町村" declare the cities in order (the
first is city 0); lines "NNNNNNN<TAB>city<TAB>町域" map a 7-digit code to a city and
a 町域 (empty when Japan Post lists none). Business codes (大口事業所) map to their 町域.

kumamoto-chome.tsv: "市区町村<TAB>町域<TAB>丁目,丁目,…" for every 町域 of Kumamoto City
whose 町丁目 in 位置参照情報 are numbered (水前寺 → 水前寺一丁目 … 水前寺六丁目).
"""

import gzip
import json
import os
import re
import subprocess
import sys


def git(repo, *args):
    return subprocess.run(['git', '--git-dir', git_dir(repo), *args], check=True,
                          capture_output=True).stdout


def git_dir(repo):
    return os.path.join(repo, '.git') if os.path.isdir(os.path.join(repo, '.git')) else repo


def source_line(repo, url, licence):
    commit, date = git(repo, 'log', '-1', '--format=%H %cs').decode().split()
    return f'# source: {url} commit {commit} ({date}); licence: {licence}\n'


def jpostal_rows(repo):
    names = git(repo, 'ls-tree', '--name-only', 'HEAD', 'json/').decode().split()
    rows = []
    for name in sorted(names):
        if not re.fullmatch(r'json/\d{3}\.json', name):
            continue
        text = git(repo, 'show', f'HEAD:{name}').decode()
        body = text[text.index('(') + 1:text.rindex(')')]
        rows += json.loads(body)
    return rows


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    jpostal, geolonia = argv[1], argv[2]
    out_dir = argv[3] if len(argv) == 4 else os.path.join(os.path.dirname(__file__), '..',
                                                          'data', 'postal')
    os.makedirs(out_dir, exist_ok=True)

    cities = {}
    codes = {}
    for row in jpostal_rows(jpostal):
        code = row[0].lstrip('_')
        if not re.fullmatch(r'\d{7}', code):
            continue
        pref, city, town = row[1], row[2], row[3]
        key = (pref, city)
        if key not in cities:
            cities[key] = len(cities)
        # a code listed twice (two 町域) keeps the first, as jpostal shows it
        if code not in codes:
            codes[code] = (cities[key], town)

    with gzip.GzipFile(os.path.join(out_dir, 'postal.tsv.gz'), 'wb', mtime=0) as f:
        f.write(source_line(jpostal, 'https://github.com/ninton/jquery.jpostal.js '
                            '(Japan Post KEN_ALL and JIGYOSYO, as npm jquery-jpostal-ja)',
                            'MIT').encode())
        for (pref, city), _ in sorted(cities.items(), key=lambda kv: kv[1]):
            f.write(f'C\t{pref}\t{city}\n'.encode())
        for code in sorted(codes):
            city, town = codes[code]
            f.write(f'{code}\t{city}\t{town}\n'.encode())

    numerals = '一二三四五六七八九十'
    kumamoto_towns = {}
    for (pref, city), index in cities.items():
        if pref == '熊本県' and city.startswith('熊本市'):
            kumamoto_towns[city] = sorted({t for c, (i, t) in codes.items() if i == index and t})
    with open(os.path.join(out_dir, 'kumamoto-chome.tsv'), 'w', encoding='utf-8') as f:
        f.write(source_line(geolonia, 'https://github.com/geolonia/japanese-addresses '
                            '(国土交通省 位置参照情報 大字・町丁目レベル, updated by Geolonia)',
                            'CC BY 4.0 (Geolonia)'))
        f.write('# the 町域 of postal.tsv.gz whose 町丁目 are numbered: 市区町村, 町域, 丁目\n')
        for city in sorted(kumamoto_towns):
            listed = json.loads(git(geolonia, 'show', f'HEAD:api/ja/熊本県/{city}.json'))
            names = [t['town'] for t in listed if not t.get('koaza')]
            for town in kumamoto_towns[city]:
                pattern = re.compile(re.escape(town) + f'([{numerals}]+丁目)')
                chome = []
                for name in names:
                    m = pattern.fullmatch(name)
                    if m and m.group(1) not in chome:
                        chome.append(m.group(1))
                if chome:
                    chome.sort(key=lambda c: kanji_number(c[:-2], numerals))
                    f.write(f'{city}\t{town}\t{",".join(chome)}\n')
    return 0


def kanji_number(text, numerals):
    if text.startswith('十'):
        return 10 + (numerals.index(text[1]) + 1 if len(text) > 1 else 0)
    if len(text) > 1 and text[1] == '十':
        return (numerals.index(text[0]) + 1) * 10 + (numerals.index(text[2]) + 1 if len(text) > 2 else 0)
    return numerals.index(text) + 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
