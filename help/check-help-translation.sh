#!/bin/sh
# usage: check-help-translation.sh HELPDIR LANG PAGE…
#
# Fails when HELPDIR/LANG/LANG.po is not a complete, current translation of
# the English pages in HELPDIR/C (a message missing, untranslated or fuzzy
# after merging with the pages as they are now), or when the translated
# pages do not validate or have broken links.
set -eu

help=$1 lang=$2
shift 2
po="$help/$lang/$lang.po"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$help/C"
itstool -o "$tmp/help.pot" "$@" legal.xml
msgmerge --quiet --no-wrap -o "$tmp/merged.po" "$po" "$tmp/help.pot"
msgfmt --check -o "$tmp/$lang.mo" "$tmp/merged.po"

status=0
untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | grep -c '^msgid ' || true)
if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
  echo "$po: untranslated or fuzzy for the current pages (run help-madoguchi-update-po):" >&2
  msgattrib --untranslated --no-obsolete "$tmp/merged.po" >&2
  msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" >&2
  status=1
fi

mkdir "$tmp/$lang"
itstool -m "$tmp/$lang.mo" --lang "$lang" -o "$tmp/$lang/" "$@" legal.xml
(cd "$tmp/$lang" && yelp-check validate "$@") || status=1
yelp-check links "$tmp/$lang" || status=1
exit $status
