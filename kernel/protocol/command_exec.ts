/**
 * @module
 * `command/exec` on the wire (Codex's standalone process API): run one argv in the server's
 * sandbox outside any thread, with `command/exec/write|terminate|resize` on a running one and the
 * connection-scoped `command/exec/outputDelta` notification. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { boundedArray, idString, pathString, textString } from "./limits.ts";
import { WireSandboxPolicy } from "./methods.ts";

/** A pty's size in character cells. */
export const CommandExecTerminalSize = lazy(() =>
  z.object({ rows: z.number().int().min(0).max(65535), cols: z.number().int().min(0).max(65535) })
);
export type CommandExecTerminalSize = z.infer<typeof CommandExecTerminalSize>;

export const CommandExecParams = lazy(() =>
  z.object({
    /** The program and its arguments; not empty. */
    command: boundedArray(textString()).min(1, "must name a program (an empty command is refused)"),
    /** Connection-scoped id; needed for streaming and the follow-up methods. */
    processId: idString().nullable().optional(),
    /** Run on a pty (of `size`, default 24 x 80); implies both streams. Linux only. */
    tty: z.boolean().optional(),
    streamStdin: z.boolean().optional(),
    streamStdoutStderr: z.boolean().optional(),
    /** Per-stream byte cap of the captured output. */
    outputBytesCap: z.number().int().min(0).nullable().optional(),
    disableOutputCap: z.boolean().optional(),
    disableTimeout: z.boolean().optional(),
    timeoutMs: z.number().int().min(0).nullable().optional(),
    cwd: pathString().nullable().optional(),
    /** Variables to set, or (null) to remove from the inherited environment. */
    env: z.record(z.string().max(1024), textString().nullable()).nullable().optional(),
    size: CommandExecTerminalSize.nullable().optional(),
    sandboxPolicy: WireSandboxPolicy.nullable().optional(),
  })
);
export type CommandExecParams = z.infer<typeof CommandExecParams>;

/** The final answer, sent once the process has exited and its streamed output was sent. */
export const CommandExecResponse = lazy(() =>
  z.object({ exitCode: z.number().int(), stdout: z.string(), stderr: z.string() })
);
export type CommandExecResponse = z.infer<typeof CommandExecResponse>;

export const CommandExecWriteParams = lazy(() =>
  z.object({
    processId: idString(),
    deltaBase64: z.string().max(16 * 1024 * 1024).nullable().optional(),
    closeStdin: z.boolean().optional(),
  })
);
export type CommandExecWriteParams = z.infer<typeof CommandExecWriteParams>;

export const CommandExecTerminateParams = lazy(() => z.object({ processId: idString() }));
export type CommandExecTerminateParams = z.infer<typeof CommandExecTerminateParams>;

export const CommandExecResizeParams = lazy(() => z.object({ processId: idString(), size: CommandExecTerminalSize }));
export type CommandExecResizeParams = z.infer<typeof CommandExecResizeParams>;

/** `command/exec/outputDelta`: a chunk of a streamed process's output, to the connection that started it. */
export const CommandExecOutputDelta = lazy(() =>
  z.object({
    processId: z.string(),
    stream: z.enum(["stdout", "stderr"]),
    deltaBase64: z.string(),
    /** True on a stream's last chunk when the cap cut what followed. */
    capReached: z.boolean(),
  })
);
export type CommandExecOutputDelta = z.infer<typeof CommandExecOutputDelta>;
