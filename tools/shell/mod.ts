/**
 * @module
 * The `shell` plugin: registers `shell_command`, which runs a command in the user's shell
 * (`$SHELL`, else bash, else sh), streams its output as `commandExecution` item deltas, kills it
 * on timeout or interrupt, and hands the model Codex's formatted, truncated output. Config
 * section `shell`: `{ login, timeoutMs, maxOutputBytes }`. Processes still running when the
 * runtime closes are killed. Approvals, sandboxing and `exec_command` come in a later issue.
 */
import { z } from "zod";
import { definePlugin } from "../../kernel/mod.ts";
import { denoShellOperations, type RunningProcess, type ShellOperations } from "./operations.ts";
import { createShellCommandTool, DEFAULT_TIMEOUT_MS } from "./shell_command.ts";
import { DEFAULT_MAX_OUTPUT_BYTES } from "./truncate.ts";

/** The `shell` config section. */
export const ShellConfig = z.object({
  /** Run commands in a login shell (`<shell> -lc`), which reads the user's profile. @default false */
  login: z.boolean().default(false),
  /** Timeout of a command when the model gives none, in milliseconds. @default 10000 */
  timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
  /** Byte budget of a command's output as the model reads it (head and tail kept). @default 10000 */
  maxOutputBytes: z.number().int().positive().default(DEFAULT_MAX_OUTPUT_BYTES),
}).strict().prefault({});
export type ShellConfig = z.infer<typeof ShellConfig>;

export default definePlugin({
  name: "shell",
  config: ShellConfig,
  setup(api, config) {
    const running = new Set<RunningProcess>();
    const operations: ShellOperations = {
      ...denoShellOperations,
      spawn(request) {
        const child = denoShellOperations.spawn(request);
        running.add(child);
        const forget = () => running.delete(child);
        child.status.then(forget, forget);
        return child;
      },
    };
    api.tools.register(createShellCommandTool({ ...config, operations }));
    api.onClose(() => {
      for (const child of running) child.kill();
    });
  },
});
