#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest against the source tree.

usage: check-manifest.py MANIFEST MESON_OPTIONS APP_ID

- the manifest parses (YAML) and names the application id and command;
- every downloaded source is an https archive or file pinned by sha256, and
  no module asks for the network while it builds;
- the application module is built with meson from this tree, and every
  -Dname=value of its config-opts names an option of meson_options.txt with
  a value of that option's type (or one of its choices);
- finish-args grant no file system and no bus name (the portals do that).
Prints one line per problem and exits 1 if there is any.
"""

import re
import sys

import yaml

problems = []


def problem(text):
    problems.append(text)
    print(f'check-manifest: {text}', file=sys.stderr)


def parse_meson_options(path):
    """Returns {name: (type, choices or None)} from a meson_options.txt."""
    text = open(path, encoding='utf-8').read()
    options = {}
    for call in re.finditer(r"option\s*\((.*?)\)\s*(?=option\s*\(|\Z)", text, re.S):
        body = call.group(1)
        name = re.match(r"\s*'([^']+)'", body)
        kind = re.search(r"type\s*:\s*'([^']+)'", body)
        if not name or not kind:
            problem(f'{path}: cannot read option: {body.strip()[:60]}')
            continue
        choices = re.search(r"choices\s*:\s*\[([^\]]*)\]", body)
        options[name.group(1)] = (
            kind.group(1),
            re.findall(r"'([^']*)'", choices.group(1)) if choices else None,
        )
    return options


def value_fits(kind, choices, value):
    if kind == 'boolean':
        return value in ('true', 'false')
    if kind == 'combo':
        return value in (choices or [])
    if kind == 'feature':
        return value in ('enabled', 'disabled', 'auto')
    if kind == 'integer':
        return re.fullmatch(r'-?[0-9]+', value) is not None
    if kind == 'array':
        return all(v in (choices or [v]) for v in value.split(','))
    return kind == 'string'


def check_sources(module):
    for source in module.get('sources', []):
        if isinstance(source, str):
            problem(f"module {module['name']}: external source file {source}")
            continue
        kind = source.get('type')
        if kind in ('archive', 'file'):
            url = source.get('url', '')
            if not url.startswith('https://'):
                problem(f"module {module['name']}: source is not https: {url}")
            if not re.fullmatch(r'[0-9a-f]{64}', str(source.get('sha256', ''))):
                problem(f"module {module['name']}: {url} has no sha256")
        elif kind == 'git':
            if not re.fullmatch(r'[0-9a-f]{40}', str(source.get('commit', ''))):
                problem(f"module {module['name']}: git source without a commit")
        elif kind != 'dir':
            problem(f"module {module['name']}: unexpected source type {kind}")
    args = module.get('build-options', {}).get('build-args', [])
    if '--share=network' in args:
        problem(f"module {module['name']}: uses the network while building")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    manifest_path, options_path, app_id = sys.argv[1:]

    with open(manifest_path, encoding='utf-8') as f:
        manifest = yaml.safe_load(f)
    if not isinstance(manifest, dict):
        problem('the manifest is not a mapping')
        return 1

    if manifest.get('id', manifest.get('app-id')) != app_id:
        problem(f"id is {manifest.get('id')!r}, the application id is {app_id!r}")
    if manifest.get('command') != 'madoguchi':
        problem(f"command is {manifest.get('command')!r}, not 'madoguchi'")
    for key in ('runtime', 'runtime-version', 'sdk'):
        if not manifest.get(key):
            problem(f'{key} is missing')
    if manifest.get('runtime') != 'org.gnome.Platform':
        problem('the runtime is not org.gnome.Platform')

    for arg in manifest.get('finish-args', []):
        if arg.startswith(('--filesystem', '--talk-name', '--own-name', '--system-talk-name')):
            problem(f'finish-args: {arg} (use the portals)')
    if manifest.get('build-options', {}).get('build-args'):
        problem('build-options.build-args: the build must not need extra access')

    modules = manifest.get('modules', [])
    names = [m.get('name') if isinstance(m, dict) else m for m in modules]
    for module in modules:
        if not isinstance(module, dict):
            problem(f'module {module}: external module file')
            continue
        check_sources(module)
    if not names or names[-1] != 'madoguchi':
        problem(f'the last module is {names[-1] if names else None!r}, not madoguchi')
        return 1

    app = modules[-1]
    if app.get('buildsystem') != 'meson':
        problem('the madoguchi module is not built with meson')
    if not any(s.get('type') == 'dir' and s.get('path') == '..' for s in app.get('sources', [])):
        problem('the madoguchi module does not build this source tree')

    options = parse_meson_options(options_path)
    seen = set()
    for opt in app.get('config-opts', []):
        m = re.fullmatch(r'-D([A-Za-z0-9_.-]+)=(.*)', opt)
        if not m:
            problem(f'madoguchi config-opts: {opt!r} is not -Dname=value')
            continue
        name, value = m.groups()
        seen.add(name)
        if name not in options:
            problem(f'madoguchi config-opts: -D{name} is not in meson_options.txt')
            continue
        kind, choices = options[name]
        if not value_fits(kind, choices, value):
            problem(f'madoguchi config-opts: -D{name}={value} is not a {kind} value')
    for name in options:
        if name not in seen:
            problem(f'madoguchi config-opts: option {name} of meson_options.txt is not set')

    if not problems:
        print(f'{manifest_path}: {len(modules)} modules, '
              f'{len(seen)} meson options match meson_options.txt')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
