/**
 * @module
 * The `policy` config section: its zod schema, its defaults, and the check that every pattern
 * compiles (so a bad regex fails at start-up with the key that holds it, not at the first call).
 * The rules themselves live in their own modules; this one only says what a team can configure.
 */
import { z } from "zod";

/** A regular expression's source (no flags), checked to compile. */
const RegexSource = z.string().min(1).superRefine((source, ctx) => {
  try {
    new RegExp(source);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
  }
});

/** A blocked command: a pattern tested against the whole command line, and the reason the model reads. */
const CommandRule = z.preprocess(
  (value) => (typeof value === "string" ? { pattern: value } : value),
  z.object({ pattern: RegexSource, reason: z.string().min(1).optional() })
    .transform(({ pattern, reason }) => ({ pattern, reason: reason ?? `it matches the blocked pattern /${pattern}/` })),
);
/** One blocked-command rule, as parsed. */
export type CommandRule = z.output<typeof CommandRule>;

/** The built-in blocked commands: recursive deletes of `/` or home, and downloaded scripts piped into a shell. */
export const DEFAULT_BLOCKED_COMMANDS: CommandRule[] = [
  {
    pattern: String.raw`\brm\s+(?=(?:-[\w-]*\s+)*(?:-[a-zA-Z]*[rR][a-zA-Z]*|--recursive)\s)(?:[^\s;&|]+\s+)*` +
      String.raw`["']?(?:/|/\*|~/?|~/\*|\$HOME/?|\$\{HOME\}/?)["']?(?=$|[\s;&|)])`,
    reason: "it deletes the root or the home directory",
  },
  {
    pattern: String.raw`\b(?:curl|wget)\s+[^\s|;&][^|;&]*\|\s*(?:sudo\s+)?(?:env\s+)?(?:ba|z|da|k)?sh\b`,
    reason: "it pipes a downloaded script into a shell; download the script, read it, then run it",
  },
];

/** The built-in protected paths: environment files, PEM keys and certificates, and the `secrets/` folder. */
export const DEFAULT_PROTECTED_PATHS: string[] = [".env", "*.pem", "secrets/**"];

/** The built-in secret patterns for prompts: OpenAI, AWS, GitHub and Slack keys, and private key blocks. */
export const DEFAULT_SECRET_PATTERNS: string[] = [
  String.raw`\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}`,
  String.raw`\bAKIA[0-9A-Z]{16}\b`,
  String.raw`\bgh[pousr]_[A-Za-z0-9]{36,}\b`,
  String.raw`\bxox[abpr]-[A-Za-z0-9-]{10,}`,
  String.raw`-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----`,
];

/**
 * The `policy` section. Every key is optional; a list replaces its default (to add to the
 * defaults, repeat them: they are exported above).
 */
export const PolicyConfig = z.object({
  /** Globs of paths `apply_patch` may not add, change, delete or move to (relative to the workspace). */
  protectedPaths: z.array(z.string().min(1)).default(DEFAULT_PROTECTED_PATHS),
  /** Shell commands to refuse: a regex source, or `{pattern, reason}`. */
  blockedCommands: z.array(CommandRule).default(DEFAULT_BLOCKED_COMMANDS),
  /** Regexes of secrets a prompt may not contain; such a prompt never reaches the model. */
  secretPatterns: z.array(RegexSource).default(DEFAULT_SECRET_PATTERNS),
  /** Tell the model the policy with every prompt (a short developer message). */
  remindModel: z.boolean().default(true),
  /**
   * The project's test command (say, `"deno task test"`). When set, a turn that changed files
   * with `apply_patch` and has not run a command containing it since is asked, once, to run it.
   */
  requireTestsBeforeStop: z.string().min(1).nullable().default(null),
}).prefault({});

/** The parsed `policy` section. */
export type Policy = z.output<typeof PolicyConfig>;
