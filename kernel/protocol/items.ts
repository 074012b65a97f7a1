/**
 * @module
 * Thread items as the app-server v2 protocol puts them on the wire (`ThreadItem`, tagged by `type`).
 * Zod schemas only, no logic: names and casing follow Codex exactly so that existing clients can
 * read them. Tern implements the item kinds listed in `ThreadItem`; see `docs/protocol.md`.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { boundedArray, nameString, pathString, urlString } from "./limits.ts";

/** A user input element (`UserInput`), as sent in `turn/start` and kept on `userMessage` items. */
export const UserInput = lazy(() =>
  z.discriminatedUnion("type", [
    z.object({
      type: z.literal("text"),
      text: z.string(),
      text_elements: boundedArray(z.object({
        byteRange: z.object({ start: z.number(), end: z.number() }),
        placeholder: nameString().nullable(),
      })).default([]),
    }),
    z.object({ type: z.literal("image"), url: urlString(), detail: nameString().optional() }),
    z.object({ type: z.literal("localImage"), path: pathString(), detail: nameString().optional() }),
    z.object({ type: z.literal("skill"), name: nameString(), path: pathString() }),
    z.object({ type: z.literal("mention"), name: nameString(), path: pathString() }),
  ])
);
export type UserInput = z.infer<typeof UserInput>;

export const UserMessageItem = lazy(() =>
  z.object({
    type: z.literal("userMessage"),
    id: z.string(),
    clientId: z.string().nullable().default(null),
    content: z.array(UserInput),
  })
);
export type UserMessageItem = z.infer<typeof UserMessageItem>;

export const AgentMessageItem = lazy(() =>
  z.object({
    type: z.literal("agentMessage"),
    id: z.string(),
    text: z.string(),
    phase: z.enum(["commentary", "final_answer"]).nullable().default(null),
  })
);
export type AgentMessageItem = z.infer<typeof AgentMessageItem>;

export const ReasoningItem = lazy(() =>
  z.object({
    type: z.literal("reasoning"),
    id: z.string(),
    summary: z.array(z.string()),
    content: z.array(z.string()),
  })
);
export type ReasoningItem = z.infer<typeof ReasoningItem>;

export const CommandAction = lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("read"), command: z.string(), name: z.string(), path: z.string() }),
    z.object({ type: z.literal("listFiles"), command: z.string(), path: z.string().nullable() }),
    z.object({
      type: z.literal("search"),
      command: z.string(),
      query: z.string().nullable(),
      path: z.string().nullable(),
    }),
    z.object({ type: z.literal("unknown"), command: z.string() }),
  ])
);
export type CommandAction = z.infer<typeof CommandAction>;

export const ItemStatus = lazy(() => z.enum(["inProgress", "completed", "failed", "declined"]));
export type ItemStatus = z.infer<typeof ItemStatus>;

export const CommandExecutionItem = lazy(() =>
  z.object({
    type: z.literal("commandExecution"),
    id: z.string(),
    command: z.string(),
    cwd: z.string(),
    processId: z.string().nullable(),
    source: z.enum(["agent", "userShell", "unifiedExecStartup", "unifiedExecInteraction"]),
    status: ItemStatus,
    commandActions: z.array(CommandAction),
    aggregatedOutput: z.string().nullable(),
    exitCode: z.number().nullable(),
    durationMs: z.number().nullable(),
  })
);
export type CommandExecutionItem = z.infer<typeof CommandExecutionItem>;

export const PatchChangeKind = lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("add") }),
    z.object({ type: z.literal("delete") }),
    z.object({ type: z.literal("update"), move_path: z.string().nullable() }),
  ])
);
export const FileUpdateChange = lazy(() =>
  z.object({
    path: z.string(),
    kind: PatchChangeKind,
    diff: z.string(),
  })
);
export type FileUpdateChange = z.infer<typeof FileUpdateChange>;

export const FileChangeItem = lazy(() =>
  z.object({
    type: z.literal("fileChange"),
    id: z.string(),
    changes: z.array(FileUpdateChange),
    status: ItemStatus,
  })
);
export type FileChangeItem = z.infer<typeof FileChangeItem>;

export const McpToolCallItem = lazy(() =>
  z.object({
    type: z.literal("mcpToolCall"),
    id: z.string(),
    server: z.string(),
    tool: z.string(),
    status: z.enum(["inProgress", "completed", "failed"]),
    arguments: z.unknown(),
    result: z.object({
      content: z.array(z.unknown()),
      structuredContent: z.unknown().nullable(),
      _meta: z.unknown().nullable().optional(),
    }).nullable(),
    error: z.object({ message: z.string() }).nullable(),
    durationMs: z.number().nullable(),
  })
);
export type McpToolCallItem = z.infer<typeof McpToolCallItem>;

/** Content returned by a dynamic tool (and by plugin tools that return rich output). */
export const ToolContentItem = lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("inputText"), text: z.string() }),
    z.object({ type: z.literal("inputImage"), imageUrl: z.string() }),
  ])
);
export type ToolContentItem = z.infer<typeof ToolContentItem>;

export const DynamicToolCallItem = lazy(() =>
  z.object({
    type: z.literal("dynamicToolCall"),
    id: z.string(),
    namespace: z.string().nullable(),
    tool: z.string(),
    arguments: z.unknown(),
    status: z.enum(["inProgress", "completed", "failed"]),
    contentItems: z.array(ToolContentItem).nullable(),
    success: z.boolean().nullable(),
    durationMs: z.number().nullable(),
  })
);
export type DynamicToolCallItem = z.infer<typeof DynamicToolCallItem>;

export const PlanItem = lazy(() => z.object({ type: z.literal("plan"), id: z.string(), text: z.string() }));
export type PlanItem = z.infer<typeof PlanItem>;

export const HookPromptItem = lazy(() =>
  z.object({
    type: z.literal("hookPrompt"),
    id: z.string(),
    fragments: z.array(z.object({ text: z.string(), hookRunId: z.string() })),
  })
);
export type HookPromptItem = z.infer<typeof HookPromptItem>;

export const ImageViewItem = lazy(() =>
  z.object({
    type: z.literal("imageView"),
    id: z.string(),
    path: z.string(),
  })
);
export type ImageViewItem = z.infer<typeof ImageViewItem>;

/** A compaction of the thread's history (`thread/compact/start`, or automatic at the token limit). */
export const ContextCompactionItem = lazy(() => z.object({ type: z.literal("contextCompaction"), id: z.string() }));
export type ContextCompactionItem = z.infer<typeof ContextCompactionItem>;

/**
 * A review turn's bounds (`review/start`): `enteredReviewMode` first, whose `review` says what is
 * reviewed, and `exitedReviewMode` last, whose `review` is the review as text.
 */
export const EnteredReviewModeItem = lazy(() =>
  z.object({ type: z.literal("enteredReviewMode"), id: z.string(), review: z.string() })
);
export type EnteredReviewModeItem = z.infer<typeof EnteredReviewModeItem>;
export const ExitedReviewModeItem = lazy(() =>
  z.object({ type: z.literal("exitedReviewMode"), id: z.string(), review: z.string() })
);
export type ExitedReviewModeItem = z.infer<typeof ExitedReviewModeItem>;

/**
 * When an item started and completed (Unix ms), flat on the item as Codex 0.169 sends them:
 * `item/started` carries `startedAtMs` (and `completedAtMs: null`), `item/completed` both.
 */
export const ItemTimes = lazy(() =>
  z.object({
    startedAtMs: z.number().nullable().optional(),
    completedAtMs: z.number().nullable().optional(),
  })
);
export type ItemTimes = z.infer<typeof ItemTimes>;

/** Every item kind Tern emits, with its times. */
export const ThreadItem = lazy(() =>
  z.discriminatedUnion("type", [
    UserMessageItem,
    AgentMessageItem,
    ReasoningItem,
    CommandExecutionItem,
    FileChangeItem,
    McpToolCallItem,
    DynamicToolCallItem,
    PlanItem,
    HookPromptItem,
    ImageViewItem,
    ContextCompactionItem,
    EnteredReviewModeItem,
    ExitedReviewModeItem,
  ]).and(ItemTimes)
);
export type ThreadItem = z.infer<typeof ThreadItem>;
