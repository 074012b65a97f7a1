/**
 * @module
 * What a review turn asks the model, and how its answer is shown. The request names the target
 * (uncommitted changes; the branch's changes against a base branch, from their merge base, which
 * is looked up with git; one commit; or the client's own instructions) and carries Tern's review
 * guidelines: find the problems the change introduces, each with a priority, a confidence and the
 * lines it is about, in Codex's review output shape (`findings`, `overall_correctness`, ...), which
 * the turn's output schema enforces. `renderReview()` turns that JSON into the text of the
 * `exitedReviewMode` item (a title and location line per finding, then the verdict).
 */
import type { ReviewTarget } from "../../kernel/mod.ts";

/** What to ask and how the client labels it (`enteredReviewMode.review`). */
export interface ReviewRequest {
  prompt: string;
  hint: string;
}

/** The answer's shape, Codex's `ReviewOutputEvent` (every field required, as strict output needs). */
export const REVIEW_OUTPUT_SCHEMA: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  required: ["findings", "overall_correctness", "overall_explanation", "overall_confidence_score"],
  properties: {
    findings: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["title", "body", "confidence_score", "priority", "code_location"],
        properties: {
          title: { type: "string" },
          body: { type: "string" },
          confidence_score: { type: "number" },
          priority: { type: "integer" },
          code_location: {
            type: "object",
            additionalProperties: false,
            required: ["absolute_file_path", "line_range"],
            properties: {
              absolute_file_path: { type: "string" },
              line_range: {
                type: "object",
                additionalProperties: false,
                required: ["start", "end"],
                properties: { start: { type: "integer" }, end: { type: "integer" } },
              },
            },
          },
        },
      },
    },
    overall_correctness: { type: "string", enum: ["patch is correct", "patch is incorrect"] },
    overall_explanation: { type: "string" },
    overall_confidence_score: { type: "number" },
  },
};

const GUIDELINES = `You are reviewing a code change as a careful senior engineer would, before it is merged.

What to report:
- Problems the change itself introduces: bugs, wrong behaviour, security holes, data loss, races, broken error
  handling, performance traps, and code that does not do what its names or comments say. Leave alone what was
  already wrong before the change, unless the change makes it worse.
- Only what the author would want to fix once told: concrete, with the reason it is wrong and the case that
  breaks. No style preferences, no praise, no summary of the change.
- Read the surrounding code and run read-only commands (git diff, git show, grep, the tests) to check a
  suspicion before reporting it. Do not change any file.

For each finding: a short imperative title, a body of one or two paragraphs saying why it is wrong and when it
shows, a priority (0: must fix before merging, 1: should fix soon, 2: worth fixing, 3: minor), your confidence
from 0 to 1, and the file (absolute path) and the fewest lines that show the problem (they must overlap the
change). No findings is a valid answer when the change is sound.

End with the overall verdict: "patch is correct" when nothing blocks merging, else "patch is incorrect", a
one to three sentence explanation, and your confidence in the verdict from 0 to 1. Answer with the JSON object
the output schema describes and nothing else.`;

/** Runs git in `cwd`; its trimmed output, or null when it fails. */
async function git(cwd: string, args: string[]): Promise<string | null> {
  try {
    const out = await new Deno.Command("git", { args, cwd, stdout: "piped", stderr: "null", stdin: "null" }).output();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  } catch {
    return null;
  }
}

/** The review request for `target` in the repository at `cwd`. */
export async function reviewRequest(target: ReviewTarget, cwd: string): Promise<ReviewRequest> {
  let task: string;
  let hint: string;
  switch (target.type) {
    case "uncommittedChanges":
      hint = "current changes";
      task = "Review the uncommitted changes of the repository: staged, unstaged and untracked files. " +
        "`git status`, `git diff HEAD` and reading the untracked files show them.";
      break;
    case "baseBranch": {
      hint = `changes against '${target.branch}'`;
      const mergeBase = await git(cwd, ["merge-base", "HEAD", target.branch]);
      task = mergeBase
        ? `Review the changes of the current branch against the base branch '${target.branch}'. Their merge base ` +
          `is commit ${mergeBase}: \`git diff ${mergeBase}\` shows the changes to review.`
        : `Review the changes of the current branch against the base branch '${target.branch}'. First find their ` +
          `merge base (\`git merge-base HEAD ${target.branch}\`, or against its upstream), then review ` +
          "`git diff <merge base>`.";
      break;
    }
    case "commit": {
      const short = target.sha.slice(0, 7);
      hint = target.title ? `commit ${short}: ${target.title}` : `commit ${short}`;
      const titled = target.title ? ` ("${target.title}")` : "";
      task = `Review the changes introduced by commit ${target.sha}${titled}; \`git show ${target.sha}\` shows them.`;
      break;
    }
    case "custom":
      hint = target.instructions.trim();
      task = target.instructions.trim();
      break;
  }
  return { prompt: `${GUIDELINES}\n\n${task}`, hint };
}

interface Finding {
  title?: string;
  body?: string;
  priority?: number;
  code_location?: { absolute_file_path?: string; line_range?: { start?: number; end?: number } };
}

/** The text of `exitedReviewMode`: the findings and the verdict, or the answer as it came when it is not JSON. */
export function renderReview(answer: string | null): string {
  if (answer === null) return "";
  let output: { findings?: Finding[]; overall_correctness?: string; overall_explanation?: string };
  try {
    output = JSON.parse(answer);
  } catch {
    return answer.trim();
  }
  if (typeof output !== "object" || output === null || !Array.isArray(output.findings)) return answer.trim();
  const lines: string[] = [];
  for (const finding of output.findings) {
    const where = finding.code_location?.absolute_file_path;
    const range = finding.code_location?.line_range;
    const at = where
      ? ` — ${where}${
        range?.start ? `:${range.start}${range.end && range.end !== range.start ? `-${range.end}` : ""}` : ""
      }`
      : "";
    const priority = typeof finding.priority === "number" ? `[P${finding.priority}] ` : "";
    lines.push(`- ${priority}${finding.title ?? "(untitled)"}${at}`);
    if (finding.body) lines.push(...finding.body.trim().split("\n").map((line) => `  ${line}`));
  }
  if (output.findings.length === 0) lines.push("No findings.");
  const verdict = [output.overall_correctness, output.overall_explanation].filter(Boolean).join(": ");
  if (verdict) lines.push("", verdict);
  return lines.join("\n");
}
