/**
 * @module
 * What the session's pickers list: saved threads (`/resume`, `tern resume`: name or preview, last
 * update, id), models and their reasoning efforts (`/model`, from `model/list`) and the permission presets (`/approvals`, as
 * Codex offers them: read-only, auto, full access).
 */
import type { SelectItem } from "@mariozechner/pi-tui";
import type { AskForApproval, ModelListResponse, ThreadListResponse, WireSandboxPolicy } from "../../kernel/mod.ts";

/** A permission preset: the sandbox and the approval policy `/approvals` sets together. */
export interface ApprovalPreset {
  id: string;
  label: string;
  description: string;
  approvalPolicy: AskForApproval;
  sandboxPolicy: WireSandboxPolicy;
}

export const APPROVAL_PRESETS: ApprovalPreset[] = [
  {
    id: "read-only",
    label: "Read only",
    description: "reads files; asks before editing files or running commands that need more",
    approvalPolicy: "on-request",
    sandboxPolicy: { type: "readOnly", networkAccess: false },
  },
  {
    id: "auto",
    label: "Auto",
    description: "edits files and runs commands in the workspace; asks before anything outside it or the network",
    approvalPolicy: "on-request",
    sandboxPolicy: {
      type: "workspaceWrite",
      writableRoots: [],
      networkAccess: false,
      excludeTmpdirEnvVar: false,
      excludeSlashTmp: false,
    },
  },
  {
    id: "full-access",
    label: "Full access",
    description: "no sandbox and never asks: edits and runs anything, network included. Use with care",
    approvalPolicy: "never",
    sandboxPolicy: { type: "dangerFullAccess" },
  },
];

/** The models `model/list` listed (hidden ones left out), the current one marked. */
export function modelItems(models: ModelListResponse["data"], current: string): SelectItem[] {
  return models.filter((m) => !m.hidden || m.model === current).map((m) => ({
    value: m.model,
    label: m.model === current ? `${m.model} (current)` : m.model,
    description: [m.displayName !== m.model ? m.displayName : "", m.description].filter(Boolean).join(": "),
  }));
}

/**
 * The reasoning efforts `model` takes (`supportedReasoningEfforts`), with their descriptions; the
 * model's default and the current one marked.
 */
export function effortItems(model: ModelListResponse["data"][number], current: string | null): SelectItem[] {
  return model.supportedReasoningEfforts.map(({ reasoningEffort: effort, description }) => {
    const marks = [effort === model.defaultReasoningEffort ? "default" : "", effort === current ? "current" : ""]
      .filter(Boolean);
    return { value: effort, label: marks.length ? `${effort} (${marks.join(", ")})` : effort, description };
  });
}

/** Saved threads, newest first as listed: the name (else the first message), when last updated, the id. */
export function threadItems(threads: ThreadListResponse["data"], now: number): SelectItem[] {
  return threads.map((t) => ({
    value: t.id,
    label: oneLine(t.name || t.preview || "(no message yet)"),
    description: `${ago(now, t.updatedAt)} · ${t.id}`,
  }));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `3 min ago`; `at` in seconds (or milliseconds) since the epoch. */
function ago(now: number, at: number): string {
  const ms = now - (at < 1e12 ? at * 1000 : at);
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
