#!/bin/sh
# Stop hook: when the model says it is done, runs the tests; while they fail, blocks the stop
# with "tests are failing: ..." and the end of the test output, so the model keeps working.
# The test command is $TEST_COMMAND, else guessed: deno.json -> `deno test -A`, package.json ->
# `npm test --silent`, Makefile -> `make test`; with none of these it lets the model stop.
#
# It keeps blocking for as long as the tests fail, even on a turn it already continued
# (stop_hook_active: true), and relies on Tern's cap (maxHookContinuations, default 8) to end a
# turn that cannot make them pass. Claude Code has no such cap: there, uncomment the guard below.
# Needs jq.
set -u

input=$(cat)
# [ "$(printf '%s' "$input" | jq -r '.stop_hook_active')" = true ] && exit 0
cd "$(printf '%s' "$input" | jq -r '.cwd // "."')" || exit 0

test_command=${TEST_COMMAND:-}
if [ -z "$test_command" ]; then
  if [ -f deno.json ] || [ -f deno.jsonc ]; then
    test_command="deno test -A"
  elif [ -f package.json ]; then
    test_command="npm test --silent"
  elif [ -f Makefile ]; then
    test_command="make test"
  else
    exit 0
  fi
fi

if output=$(sh -c "$test_command" 2>&1); then
  exit 0
fi

jq -n --arg command "$test_command" --arg tail "$(printf '%s\n' "$output" | tail -n 20)" '{
  decision: "block",
  reason: "tests are failing: `\($command)` exited with an error. The end of its output:\n\($tail)\nFix the code until `\($command)` passes, then stop."
}'
