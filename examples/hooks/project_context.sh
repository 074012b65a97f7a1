#!/bin/sh
# SessionStart hook: tells the model where it is when a session starts: the git branch and
# whether the work tree is dirty, the last five commits, and how many TODO/FIXME markers the
# tracked files hold. Plain text on stdout becomes context for the model (developer messages
# after the first prompt), in Tern, Codex and Claude Code alike. Needs git; no jq.
set -u
cat > /dev/null # the input is not needed: hooks run in the session's working directory

git rev-parse --is-inside-work-tree > /dev/null 2>&1 || exit 0

branch=$(git rev-parse --abbrev-ref HEAD 2> /dev/null || echo "(no commits yet)")
changed=$(git status --porcelain 2> /dev/null | wc -l | tr -d ' ')
commits=$(git log --oneline --no-decorate -n 5 2> /dev/null | sed 's/^/  /')
todos=$(git grep -I -E -c 'TODO|FIXME' 2> /dev/null | awk -F: '{ n += $NF } END { print n + 0 }')

echo "Project context (from project_context.sh):"
echo "Branch: $branch ($changed uncommitted change(s))"
if [ -n "$commits" ]; then
  echo "Recent commits:"
  echo "$commits"
fi
echo "TODO/FIXME markers in tracked files: $todos"
