#!/bin/sh
# PreToolUse hook (matcher "Bash"): blocks `git push --force` / `git push -f` with exit code 2,
# whose stderr the model reads as the reason. `--force-with-lease` is allowed. It reads the
# hook input from stdin with plain sh and grep (no jq), so it runs anywhere Claude Code,
# Codex or Tern run it.
input=$(cat)
if printf '%s' "$input" | grep -Eq 'git[^"]*push[^"]*(--force([^-]|$)|[[:space:]]-[[:alpha:]]*f)'; then
  echo "git-guard ($CLAUDE_PLUGIN_ROOT): force pushes are not allowed; use --force-with-lease or ask the user" >&2
  exit 2
fi
exit 0
