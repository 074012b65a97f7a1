#!/bin/sh
# PostToolUse hook for apply_patch (matcher "apply_patch|Edit|Write"): formats the files the
# patch added, updated or moved, then tells the model what it changed (as additionalContext), so
# the model does not "fix" the formatting back or patch against stale lines.
#   - files deno fmt understands (.ts .tsx .js .jsx .mjs .cjs .json .jsonc .md .css .html .yaml ...):
#     `deno fmt`, when deno is on PATH
#   - every other text file: trailing whitespace removed (sed)
# Needs jq. In Claude Code (Edit/Write tools) it formats tool_input.file_path instead of a patch.
set -u

input=$(cat)
cwd=$(printf '%s' "$input" | jq -r '.cwd // "."')
cd "$cwd" || exit 0

# The files the call touched: from the patch headers, or Claude Code's file_path.
files=$(printf '%s' "$input" | jq -r '
  (.tool_input.command // "" | split("\n")[] | capture("^\\*\\*\\* (Add File|Update File|Move to): (?<path>.+)$").path),
  (.tool_input.file_path // empty)')

done_list=""
note() { done_list="${done_list:+$done_list; }$1"; }

printf '%s\n' "$files" | {
  while IFS= read -r file; do
    [ -n "$file" ] && [ -f "$file" ] || continue
    before=$(cksum < "$file")
    case "$file" in
      *.ts | *.tsx | *.js | *.jsx | *.mjs | *.cjs | *.mts | *.cts | *.json | *.jsonc | *.md | *.markdown | \
        *.css | *.scss | *.sass | *.less | *.html | *.svelte | *.vue | *.yml | *.yaml)
        if command -v deno > /dev/null 2>&1; then
          case "$file" in /*) path=$file ;; *) path=./$file ;; esac
          if ! error=$(NO_COLOR=1 deno fmt --quiet "$path" 2>&1); then
            note "deno fmt could not format $file: $(printf '%s' "$error" | head -n 1)"
            continue
          fi
          [ "$(cksum < "$file")" = "$before" ] || note "formatted $file with deno fmt"
          continue
        fi
        ;;
    esac
    if grep -q '[[:space:]]$' "$file"; then
      tmp="$file.format_after_patch.$$"
      sed 's/[[:space:]]*$//' "$file" > "$tmp" && cat "$tmp" > "$file"
      rm -f "$tmp"
      note "removed trailing whitespace in $file"
    fi
  done
  [ -n "$done_list" ] || exit 0
  jq -n --arg context "format_after_patch: $done_list. Re-read these files before patching them again." \
    '{hookSpecificOutput: {hookEventName: "PostToolUse", additionalContext: $context}}'
}
