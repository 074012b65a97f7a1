#!/bin/sh
# PreToolUse hook for Bash: denies shell commands that are hard to undo, with a reason the
# model reads (it then usually picks a safer command or asks you).
#   - rm -r/-rf on /, /*, ~ or $HOME
#   - git push --force / -f (--force-with-lease is allowed)
#   - piping a download into a shell: curl ... | sh, wget ... | bash, sh -c "$(curl ...)", bash <(curl ...)
# Needs jq. Declare it with "matcher": "Bash"; it works unchanged in Claude Code and Codex.
set -u

command=$(jq -r '.tool_input.command // empty')
[ -n "$command" ] || exit 0

deny() {
  jq -n --arg reason "$1" \
    '{hookSpecificOutput: {hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: $reason}}'
  exit 0
}

matches() {
  printf '%s\n' "$command" | tr '\n' ' ' | grep -Eq "$1"
}

# A command starts at the beginning, or after ; & | ( or a backquote, optionally with sudo.
start='(^|[;&|(`])[[:space:]]*(sudo[[:space:]]+)?'
# What follows an argument: whitespace, a separator, or the end.
end='([[:space:];&|)]|$)'
# The whole file system or the home folder, quoted or not.
everything="[\"']?(/|/\\*|~|~/|~/\\*|\\\$HOME|\\\$HOME/|\\\$\\{HOME\\}|\\\$\\{HOME\\}/)[\"']?"

if matches "${start}rm[[:space:]]+([^;&|]*[[:space:]])?(-[[:alpha:]]*[rR][[:alpha:]]*|--recursive)[[:space:]]+([^;&|]*[[:space:]])?${everything}${end}"; then
  deny "rm -r on / or your home folder would delete everything; delete the exact folder you mean instead"
fi

if matches "${start}git[[:space:]]+([^;&|]*[[:space:]])?push[[:space:]]+([^;&|]*[[:space:]])?(--force|-[[:alpha:]]*f[[:alpha:]]*)${end}"; then
  deny "git push --force rewrites history others may have pulled; use --force-with-lease, or ask the user first"
fi

if matches '(curl|wget)[^|]*\|[[:space:]]*(sudo[[:space:]]+)?(ba|z|da|k)?sh([[:space:]]|$)' ||
  matches '(ba|z|da|k)?sh[[:space:]]+(-c[[:space:]]+)?["'"'"']?\$\([[:space:]]*(curl|wget)' ||
  matches '<\([[:space:]]*(curl|wget)'; then
  deny "piping a download into a shell runs code nobody has read; download it to a file, show it to the user, then run it"
fi

exit 0
