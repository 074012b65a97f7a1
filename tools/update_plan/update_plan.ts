/**
 * @module
 * The `update_plan` tool, with Codex's parameters: an optional `explanation` and the whole
 * `plan` as `{step, status}` entries, where status is `pending`, `in_progress` or `completed`.
 * At most one step may be in progress; a plan that breaks this is refused with an error the
 * model reads and nothing is published. A valid plan goes out as `turn/plan/updated`, with the
 * status spelled `inProgress` as on the app-server wire.
 */
import { z } from "zod";
import { defineTool, type FunctionTool, type NotificationMap } from "../../kernel/mod.ts";

const DESCRIPTION = [
  "Updates the task plan.",
  "Provide an optional explanation and a list of plan items, each with a step and status.",
  "At most one step can be in_progress at a time.",
].join("\n");

/** The tool's parameters, as the model writes them. */
export const UpdatePlanParameters = z.object({
  explanation: z.string().optional().describe("Why the plan changed, in a sentence or two."),
  plan: z.array(z.object({
    step: z.string().describe("One short, verifiable step."),
    status: z.enum(["pending", "in_progress", "completed"]).describe("One of: pending, in_progress, completed"),
  })).describe("The list of steps, in order; it replaces the previous plan."),
});
export type UpdatePlanParameters = z.infer<typeof UpdatePlanParameters>;

/** A plan entry as `turn/plan/updated` carries it. */
export type WirePlanStep = NotificationMap["turn/plan/updated"]["plan"][number];

/** What the model reads after a plan was published. */
export const PLAN_UPDATED = "Plan updated";

/** Creates the `update_plan` tool. */
export function createUpdatePlanTool(): FunctionTool<typeof UpdatePlanParameters> {
  return defineTool({
    name: "update_plan",
    reportsItself: true,
    description: DESCRIPTION,
    parameters: UpdatePlanParameters,
    execute(args, ctx) {
      const inProgress = args.plan.filter((entry) => entry.status === "in_progress");
      if (inProgress.length > 1) {
        const steps = inProgress.map((entry) => JSON.stringify(entry.step)).join(", ");
        return Promise.resolve({
          output: `Cannot update the plan: at most one step can be in_progress at a time, but ${inProgress.length} ` +
            `are (${steps}); mark the others pending or completed and call update_plan again`,
          success: false,
        });
      }
      ctx.emit("turn/plan/updated", {
        threadId: ctx.threadId,
        turnId: ctx.turnId,
        explanation: args.explanation ?? null,
        plan: args.plan.map(toWireStep),
      });
      return Promise.resolve({ output: PLAN_UPDATED });
    },
  });
}

function toWireStep(entry: UpdatePlanParameters["plan"][number]): WirePlanStep {
  return { step: entry.step, status: entry.status === "in_progress" ? "inProgress" : entry.status };
}
