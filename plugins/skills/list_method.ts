/**
 * @module
 * The `skills/list` request method, in Codex's v2 shape: `{cwds?, forceReload?}` →
 * `{data: [{cwd, skills: [{name, description, shortDescription?, dependencies?, path, scope,
 * enabled}], errors: [{path, message}]}]}`. Environment-variable dependencies appear as Codex's
 * `dependencies.tools` entries of type `env_var`. `scope` keeps to Codex's values, so a client
 * generated from Codex's schema reads it: skills from plugins and from `skills.extraRoots` are
 * `user`, as Codex files them; `origin` says which of Tern's roots a skill came from. `tern skills
 * list` prints the same data.
 */
import { isAbsolute } from "../../kernel/mod.ts";
import { z } from "zod";
import type { MethodHandler } from "../../kernel/mod.ts";
import type { Catalog } from "./catalog.ts";
import type { SkillsManager } from "./manager.ts";

/** The params of `skills/list`. */
export const SkillsListParams = z.object({
  /** Working directories to list skills for. @default the workspace */
  cwds: z.array(z.string()).optional(),
  /** Search again instead of answering from the cache. @default false */
  forceReload: z.boolean().optional(),
});
export type SkillsListParams = z.infer<typeof SkillsListParams>;

/** One skill on the wire. */
export interface SkillWire {
  name: string;
  description: string;
  shortDescription?: string;
  dependencies?: { tools: { type: "env_var"; value: string; description?: string }[] };
  path: string;
  /** Codex's scope: `repo` for a project's skills, `user` for every other root Tern has. */
  scope: "repo" | "user";
  /** Tern's finer root: `repo`, `user`, `plugin` or `extra` (a `skills.extraRoots` entry). */
  origin: "repo" | "user" | "plugin" | "extra";
  enabled: boolean;
}

/** One entry of the `skills/list` response. */
export interface SkillsListEntry {
  cwd: string;
  skills: SkillWire[];
  errors: { path: string; message: string }[];
}

/** The `skills/list` response. */
export interface SkillsListResponse {
  data: SkillsListEntry[];
}

/** A catalog in its wire shape. */
export function toWire(catalog: Catalog): SkillsListEntry {
  return {
    cwd: catalog.cwd,
    skills: catalog.skills.map((s) => ({
      name: s.name,
      description: s.description,
      ...(s.shortDescription ? { shortDescription: s.shortDescription } : {}),
      ...(s.env.length
        ? {
          dependencies: {
            tools: s.env.map((v) => ({
              type: "env_var" as const,
              value: v.name,
              ...(v.description ? { description: v.description } : {}),
            })),
          },
        }
        : {}),
      path: s.path,
      scope: s.scope === "repo" ? "repo" : "user",
      origin: s.scope,
      enabled: s.enabled,
    })),
    errors: catalog.errors.map((e) => ({ path: e.path, message: e.message })),
  };
}

/** Validates `skills/list` params; throws a `TypeError` naming the bad field. */
export function parseListParams(params: unknown): SkillsListParams {
  const parsed = SkillsListParams.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.join(".") : "params";
    throw new TypeError(`Cannot list skills: "${field}" is invalid: ${issue.message}`);
  }
  const bad = (parsed.data.cwds ?? []).findIndex((cwd) => !isAbsolute(cwd));
  if (bad >= 0) throw new TypeError(`Cannot list skills: "cwds.${bad}" must be an absolute path`);
  return parsed.data;
}

/** The method handler; `defaultCwd` answers when `cwds` is missing or empty. */
export function createSkillsListHandler(manager: SkillsManager, defaultCwd: () => string): MethodHandler {
  return async (params) => {
    const { cwds, forceReload } = parseListParams(params);
    const list = cwds?.length ? cwds : [defaultCwd()];
    const catalogs = await Promise.all(list.map((cwd) => manager.load(cwd, { forceReload, watchNow: true })));
    return { data: catalogs.map(toWire) } satisfies SkillsListResponse;
  };
}
