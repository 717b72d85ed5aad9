#!/usr/bin/env bash
# Refreshes test/spec/language.md, the repository's copy of the language contract, from ../shared/spec/language.md
# when that folder exists beside the clone (contributors' checkouts); the tests only ever read the copy.
set -euo pipefail
cd "$(dirname "$0")/.."
source_file="../shared/spec/language.md"
[ -f "$source_file" ] || { echo "spec:sync: $source_file not found (nothing to sync from)" >&2; exit 1; }
tmp="$(mktemp test/spec/.language.md.XXXXXX)"
cp "$source_file" "$tmp" && mv "$tmp" test/spec/language.md
git --no-pager diff --stat -- test/spec/language.md || true
