/**
 * @module
 * `externalAgentConfig/detect` and `externalAgentConfig/import` on the wire (Codex's shapes):
 * migration items (SCREAMING_SNAKE item types, a `cwd` for repo-scoped ones, `details` naming the
 * MCP servers, hooks, skills and plugins an item covers), the import's `importId`, and the
 * `externalAgentConfig/import/completed` notification with each item type's successes and
 * failures. Zod schemas only, no logic; the app-server does the detecting and importing.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { boundedArray, nameString, pathString, textString } from "./limits.ts";

export const ExternalAgentConfigMigrationItemType = lazy(() =>
  z.enum([
    "AGENTS_MD",
    "CONFIG",
    "SKILLS",
    "PLUGINS",
    "MCP_SERVER_CONFIG",
    "SUBAGENTS",
    "HOOKS",
    "COMMANDS",
    "MEMORY",
    "SESSIONS",
  ])
);
export type ExternalAgentConfigMigrationItemType = z.infer<typeof ExternalAgentConfigMigrationItemType>;

const Named = lazy(() => boundedArray(z.object({ name: nameString() })));

export const MigrationDetails = lazy(() =>
  z.object({
    mcpServers: Named.optional(),
    hooks: Named.optional(),
    skills: Named.optional(),
    commands: Named.optional(),
    subagents: Named.optional(),
    plugins: boundedArray(z.object({ marketplaceName: nameString(), pluginNames: boundedArray(nameString()) }))
      .optional(),
    memory: boundedArray(textString()).optional(),
    sessions: boundedArray(
      z.object({ cwd: pathString(), path: pathString(), title: textString().nullable().optional() }),
    )
      .optional(),
  })
);
export type MigrationDetails = z.infer<typeof MigrationDetails>;

export const ExternalAgentConfigMigrationItem = lazy(() =>
  z.object({
    itemType: ExternalAgentConfigMigrationItemType,
    description: textString(),
    /** Null or empty: the user's home; else the repository it was found in. */
    cwd: pathString().nullable().optional(),
    details: MigrationDetails.nullable().optional(),
  })
);
export type ExternalAgentConfigMigrationItem = z.infer<typeof ExternalAgentConfigMigrationItem>;

export const ExternalAgentConfigDetectParams = lazy(() =>
  z.object({
    includeHome: z.boolean().optional(),
    cwds: boundedArray(pathString()).nullable().optional(),
    /** Accepted: Tern detects both Claude Code and Codex setups whatever it says. */
    migrationSource: nameString().nullable().optional(),
    source: nameString().nullable().optional(),
    maxSessionAgeDays: z.number().int().min(0).nullable().optional(),
    maxSessions: z.number().int().min(0).nullable().optional(),
  })
);
export type ExternalAgentConfigDetectParams = z.infer<typeof ExternalAgentConfigDetectParams>;

export const ExternalAgentConfigDetectResponse = lazy(() =>
  z.object({
    items: z.array(ExternalAgentConfigMigrationItem),
    connectors: z.array(z.never()),
  })
);
export type ExternalAgentConfigDetectResponse = z.infer<typeof ExternalAgentConfigDetectResponse>;

export const ExternalAgentConfigImportParams = lazy(() =>
  z.object({
    migrationItems: boundedArray(ExternalAgentConfigMigrationItem),
    migrationSource: nameString().nullable().optional(),
    providerId: nameString().nullable().optional(),
    source: nameString().nullable().optional(),
  })
);
export type ExternalAgentConfigImportParams = z.infer<typeof ExternalAgentConfigImportParams>;

export const ExternalAgentConfigImportResponse = lazy(() => z.object({ importId: z.string() }));
export type ExternalAgentConfigImportResponse = z.infer<typeof ExternalAgentConfigImportResponse>;

export const ExternalAgentConfigImportTypeResult = lazy(() =>
  z.object({
    itemType: ExternalAgentConfigMigrationItemType,
    successes: z.array(z.object({
      itemType: ExternalAgentConfigMigrationItemType,
      cwd: z.string().nullable(),
      /** What was imported (a file, a server, a skill folder). */
      source: z.string().nullable(),
      /** Where it went. */
      target: z.string().nullable(),
      title: z.null(),
    })),
    failures: z.array(z.object({
      itemType: ExternalAgentConfigMigrationItemType,
      cwd: z.string().nullable(),
      source: z.string().nullable(),
      failureStage: z.string(),
      message: z.string(),
      errorType: z.string().nullable(),
      subErrorType: z.null(),
    })),
  })
);
export type ExternalAgentConfigImportTypeResult = z.infer<typeof ExternalAgentConfigImportTypeResult>;
