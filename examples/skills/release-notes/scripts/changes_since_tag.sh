#!/bin/sh
# Lists the commits since a tag (default: the latest tag reachable from HEAD, else the first
# commit), one per line: Conventional Commits type (or "other"), short hash and subject,
# separated by tabs, oldest first.
set -eu

if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "changes_since_tag: not inside a git repository" >&2
  exit 1
fi
since=${1:-$(git describe --tags --abbrev=0 2>/dev/null || true)}
if [ -n "$since" ]; then
  range="$since..HEAD"
  echo "Changes since $since:"
else
  range="HEAD"
  echo "Changes since the first commit (no tag found):"
fi

git log --reverse --no-merges --format='%h%x09%s' "$range" | while IFS="$(printf '\t')" read -r hash subject; do
  type=$(printf '%s' "$subject" | sed -n -E 's/^([a-z]+)(\([^)]*\))?!?: .*/\1/p')
  printf '%s\t%s\t%s\n' "${type:-other}" "$hash" "$subject"
done
