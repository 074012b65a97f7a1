/**
 * @module
 * The context contributor that lists the enabled skills in every prompt (`prompt.ts` renders
 * it within `skills.promptBudgetBytes`). Going over the budget, and each broken skill, is
 * reported once per process, not on every turn.
 */
import type { ContextContributor } from "../../kernel/mod.ts";
import type { SkillsManager } from "./manager.ts";
import { renderSkillsList } from "./prompt.ts";

/** Options for `createSkillsContributor()`. */
export interface SkillsContributorOptions {
  manager: SkillsManager;
  /** Byte budget of the listing; 0 turns it off. */
  budgetBytes: number;
  /** Reports a problem to the user. */
  warn: (message: string) => void;
}

/** The `skills` context contributor. */
export function createSkillsContributor(options: SkillsContributorOptions): ContextContributor {
  const reported = new Set<string>();
  const once = (key: string, message: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    options.warn(message);
  };
  return {
    name: "skills",
    async contribute(request) {
      const catalog = await options.manager.load(request.cwd);
      for (const error of catalog.errors) {
        once(`error:${error.path}:${error.message}`, `${error.path}: ${error.message}`);
      }
      const enabled = catalog.skills.filter((s) => s.enabled);
      const rendered = renderSkillsList(enabled, options.budgetBytes);
      if (rendered.omitted > 0) {
        once(
          "budget",
          `The skills list is over skills.promptBudgetBytes (${options.budgetBytes} bytes): descriptions were left ` +
            `out and ${rendered.omitted} of ${enabled.length} skills are not listed`,
        );
      } else if (rendered.truncatedTo !== null) {
        once(
          "budget",
          `The skills list is over skills.promptBudgetBytes (${options.budgetBytes} bytes): descriptions were ` +
            `shortened to ${rendered.truncatedTo} characters`,
        );
      }
      return rendered.text ? [{ role: "developer", text: rendered.text }] : [];
    },
  };
}
