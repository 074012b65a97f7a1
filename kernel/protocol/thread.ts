/**
 * @module
 * Threads on the wire: `Thread`, `ThreadStatus`, and the settings enums (`AskForApproval`,
 * `SandboxMode`) spelled as Codex spells them. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { Turn } from "./turn.ts";

export const ThreadStatus = lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("notLoaded") }),
    z.object({ type: z.literal("idle") }),
    z.object({ type: z.literal("systemError") }),
    z.object({
      type: z.literal("active"),
      activeFlags: z.array(z.enum(["waitingOnApproval", "waitingOnUserInput"])),
    }),
  ])
);
export type ThreadStatus = z.infer<typeof ThreadStatus>;

export const AskForApproval = lazy(() => z.enum(["untrusted", "on-failure", "on-request", "never"]));
export type AskForApproval = z.infer<typeof AskForApproval>;

export const SandboxMode = lazy(() => z.enum(["read-only", "workspace-write", "danger-full-access"]));
export type SandboxMode = z.infer<typeof SandboxMode>;

export const ReasoningEffort = lazy(() => z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]));
export type ReasoningEffort = z.infer<typeof ReasoningEffort>;

export const SessionSource = lazy(() =>
  z.union([
    z.enum(["cli", "vscode", "exec", "appServer", "unknown"]),
    z.object({ custom: z.string() }),
  ])
);
export type SessionSource = z.infer<typeof SessionSource>;

export const Thread = lazy(() =>
  z.object({
    id: z.string(),
    sessionId: z.string(),
    forkedFromId: z.string().nullable(),
    parentThreadId: z.string().nullable(),
    preview: z.string(),
    ephemeral: z.boolean(),
    modelProvider: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
    status: ThreadStatus,
    path: z.string().nullable(),
    cwd: z.string(),
    cliVersion: z.string(),
    source: SessionSource,
    threadSource: z.string().nullable(),
    agentNickname: z.string().nullable(),
    agentRole: z.string().nullable(),
    gitInfo: z.object({
      sha: z.string().nullable(),
      branch: z.string().nullable(),
      originUrl: z.string().nullable(),
    }).nullable(),
    name: z.string().nullable(),
    /**
     * Codex: the "canonical project assignment owned by app-server, if any". Tern has no project
     * registry (the working directory is `cwd`, not a project id), so it is always `null`.
     */
    projectId: z.string().nullable(),
    turns: z.array(Turn),
  })
);
export type Thread = z.infer<typeof Thread>;
