#!/usr/bin/env bash
# Copies what a GPU machine needs into DEST, for a machine that sees neither this checkout's git
# history nor ../shared: DEST/spectroscope (the working tree: tracked and untracked files that git
# does not ignore, no build folders) and DEST/shared (the shared test models and corpora, about
# 10 MB), so that scripts/gpu-build.sh and scripts/gpu-test.sh run there as they do here.
#
#   scripts/gpu-stage.sh DEST
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${1:?usage: $0 DEST}"
shared="${SPECTRO_SHARED_DIR:-$root/../shared}"
[ -d "$shared/models" ] || { echo "error: $shared/models is missing" >&2; exit 1; }
rm -rf "$dest/spectroscope" "$dest/shared"
mkdir -p "$dest/spectroscope" "$dest/shared"
(cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$dest/spectroscope")
cp -r "$shared/models" "$shared/corpora" "$dest/shared/"
# Which source this is, for the logs made from it (the copy has no .git).
echo "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo '+local changes')" > "$dest/spectroscope/.staged-from"
du -sh "$dest"
