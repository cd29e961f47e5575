#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# madoguchi-tool links no GTK (ARCHITECTURE.md: app and tool use what is
# below them, the windows are the app's): fails on a NEEDED entry for
# GTK, libadwaita or GDK in the binary, or on one loaded through a library.
# TAP output.
set -u
tool=$1
echo "1..2"

needed=$(readelf -d "$tool" | grep NEEDED) || { echo "not ok 1 readelf -d $tool"; exit 1; }
bad=$(printf '%s\n' "$needed" | grep -E 'lib(gtk|gdk|adwaita)')
if [ -n "$bad" ]; then
  echo "not ok 1 - $tool names GTK among its NEEDED libraries"
  printf '%s\n' "$bad" | sed 's/^/# /'
  status=1
else
  echo "ok 1 - no NEEDED entry of $(basename "$tool") is GTK, GDK or libadwaita"
  status=0
fi

bad=$(ldd "$tool" | grep -E 'lib(gtk|gdk|adwaita)')
if [ -n "$bad" ]; then
  echo "not ok 2 - a library of $tool loads GTK"
  printf '%s\n' "$bad" | sed 's/^/# /'
  status=1
else
  echo "ok 2 - nothing $(basename "$tool") loads is GTK, GDK or libadwaita"
fi
exit $status
