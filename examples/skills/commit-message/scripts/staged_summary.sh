#!/bin/sh
# Summarises the staged changes of the git repository in the current directory: one line per
# file with its added and deleted lines, then a suggested Conventional Commits type and scope.
set -eu

if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "staged_summary: not inside a git repository" >&2
  exit 1
fi
stat=$(git diff --cached --numstat)
if [ -z "$stat" ]; then
  echo "Nothing is staged."
  exit 0
fi

echo "Staged changes (+added -deleted):"
printf '%s\n' "$stat" | while IFS="$(printf '\t')" read -r added deleted path; do
  echo "  +$added -$deleted $path"
done

paths=$(git diff --cached --name-only)
count=$(printf '%s\n' "$paths" | wc -l | tr -d ' ')
docs=$(printf '%s\n' "$paths" | grep -c -E '(^docs/|\.md$)' || true)
tests=$(printf '%s\n' "$paths" | grep -c -E '(^tests?/|_test\.|\.test\.|\.spec\.)' || true)
ci=$(printf '%s\n' "$paths" | grep -c -E '^\.github/' || true)
if [ "$docs" -eq "$count" ]; then type=docs
elif [ "$tests" -eq "$count" ]; then type=test
elif [ "$ci" -eq "$count" ]; then type=ci
else type="feat or fix"
fi

# The scope: the top-level folder every staged path shares, if there is one.
scope=$(printf '%s\n' "$paths" | awk -F/ 'NF > 1 { print $1; next } { print "" }' | sort -u)
if [ "$(printf '%s\n' "$scope" | wc -l | tr -d ' ')" -ne 1 ] || [ -z "$scope" ]; then scope="(none)"; fi

echo "Suggested type: $type"
echo "Suggested scope: $scope"
