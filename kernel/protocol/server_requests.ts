/**
 * @module
 * The one table of server requests (server → client): method → params and response schemas.
 * `bus.request()` is typed from this map; front ends answer from it.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { CommandAction, ToolContentItem } from "./items.ts";

const Decision = lazy(() => z.enum(["accept", "acceptForSession", "decline", "cancel"]));

/** Permissions a tool asks for (Codex's `RequestPermissionProfile`), or the part of them granted. */
const PermissionProfile = lazy(() =>
  z.object({
    fileSystem: z.object({
      read: z.array(z.string()).nullable().optional(),
      write: z.array(z.string()).nullable().optional(),
    }).passthrough().nullable().optional(),
    network: z.object({ enabled: z.boolean().nullable().optional() }).nullable().optional(),
  })
);

export const ServerRequests = lazy(() =>
  ({
    "item/commandExecution/requestApproval": {
      params: z.object({
        threadId: z.string(),
        turnId: z.string(),
        itemId: z.string(),
        startedAtMs: z.number(),
        approvalId: z.string().nullable().optional(),
        reason: z.string().nullable().optional(),
        command: z.string().nullable().optional(),
        cwd: z.string().nullable().optional(),
        commandActions: z.array(CommandAction).nullable().optional(),
        availableDecisions: z.array(Decision).optional(),
        /** Set when the command runs a skill's script. */
        skillMetadata: z.object({ pathToSkillsMd: z.string() }).optional(),
      }),
      response: z.object({ decision: Decision }),
    },
    "item/fileChange/requestApproval": {
      params: z.object({
        threadId: z.string(),
        turnId: z.string(),
        itemId: z.string(),
        startedAtMs: z.number(),
        reason: z.string().nullable().optional(),
        grantRoot: z.string().nullable().optional(),
      }),
      response: z.object({ decision: Decision }),
    },
    "item/tool/requestUserInput": {
      params: z.object({
        threadId: z.string(),
        turnId: z.string(),
        itemId: z.string(),
        /**
         * Whether the turn waits for the answer. Tern's tools always wait (nothing auto-resolves
         * the question), so Tern always sends `true`.
         */
        isBlocking: z.boolean(),
        questions: z.array(z.object({
          id: z.string(),
          header: z.string(),
          question: z.string(),
          isOther: z.boolean(),
          isSecret: z.boolean(),
          options: z.array(z.object({ label: z.string(), description: z.string() })).nullable(),
        })),
      }),
      response: z.object({
        answers: z.record(z.string(), z.object({ answers: z.array(z.string()) })),
      }),
    },
    "mcpServer/elicitation/request": {
      params: z.union([
        z.object({
          threadId: z.string(),
          turnId: z.string().nullable(),
          serverName: z.string(),
          mode: z.literal("form"),
          _meta: z.unknown().optional(),
          message: z.string(),
          requestedSchema: z.record(z.string(), z.unknown()),
        }),
        z.object({
          threadId: z.string(),
          turnId: z.string().nullable(),
          serverName: z.string(),
          mode: z.literal("url"),
          _meta: z.unknown().optional(),
          message: z.string(),
          url: z.string(),
          elicitationId: z.string(),
        }),
      ]),
      response: z.object({
        action: z.enum(["accept", "decline", "cancel"]),
        content: z.unknown().nullable().optional(),
        _meta: z.unknown().optional(),
      }),
    },
    "item/permissions/requestApproval": {
      params: z.object({
        threadId: z.string(),
        turnId: z.string(),
        itemId: z.string(),
        startedAtMs: z.number(),
        environmentId: z.string().nullable().optional(),
        cwd: z.string(),
        reason: z.string().nullable().optional(),
        permissions: PermissionProfile,
      }),
      response: z.object({
        /** The subset of the asked permissions the user grants (nothing granted: `{}`). */
        permissions: PermissionProfile,
        /** How long the grant lasts: this turn, or the rest of the session. @default "turn" */
        scope: z.enum(["turn", "session"]).default("turn"),
        strictAutoReview: z.boolean().nullable().optional(),
      }),
    },
    "item/tool/call": {
      params: z.object({
        threadId: z.string(),
        turnId: z.string(),
        callId: z.string(),
        namespace: z.string().nullable(),
        tool: z.string(),
        arguments: z.unknown(),
      }),
      response: z.object({ contentItems: z.array(ToolContentItem), success: z.boolean() }),
    },
  }) as const
);

export type ServerRequestMap = {
  [K in keyof typeof ServerRequests]: {
    params: z.infer<(typeof ServerRequests)[K]["params"]>;
    response: z.infer<(typeof ServerRequests)[K]["response"]>;
  };
};
export type ServerRequestMethod = keyof ServerRequestMap;
/** An approval decision, as clients send it. */
export type ReviewDecision = z.infer<typeof Decision>;
