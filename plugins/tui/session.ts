/**
 * @module
 * The interactive session: a client of the app-server protocol drawn with pi-tui. It starts a
 * thread (`thread/start`), turns what the composer submits into `turn/start` (or `turn/steer`
 * while a turn runs), draws the transcript from the notifications (`item/*`, `turn/*`), answers
 * approvals through a prompt above the composer, and handles the keys that interrupt
 * (`turn/interrupt`) and quit. The transcript is drawn inline, so it scrolls into the terminal's
 * own scrollback.
 */
import { Container, Editor, matchesKey, type TUI } from "@mariozechner/pi-tui";
import {
  type CancelTimer,
  type CommandExecutionItem,
  type FileChangeItem,
  type HookRunSummary,
  type QueuedTurn,
  startTimer,
  type ThreadItem,
  type ThreadStartResponse,
  type ThreadTokenUsage,
  type Turn,
  type WireSandboxPolicy,
} from "../../kernel/mod.ts";
import type { AppServerClient, ServerRequest } from "../../lib/app_client/mod.ts";
import { ApprovalPrompt, type ApprovalRequest, type Decision } from "./approval.ts";
import {
  AgentCell,
  CommandCell,
  FileChangeCell,
  formatDuration,
  HeaderCell,
  NoticeCell,
  PlanCell,
  StatusCard,
  ToolCallCell,
  UserCell,
} from "./cells.ts";
import { loadHighlighter } from "./highlight.ts";
import { QueueView } from "./queue_view.ts";
import { parseSlashCommand, slashAutocomplete, type SlashCommandName } from "./slash_commands.ts";
import { StatusLine } from "./status_line.ts";
import { editorTheme, theme } from "./theme.ts";

/** A second Ctrl+C within this many ms quits. */
const QUIT_WINDOW_MS = 2000;
const ALL_DECISIONS: Decision[] = ["accept", "acceptForSession", "decline", "cancel"];

/** What the session needs besides its connection and its terminal. */
export interface SessionOptions {
  version: string;
  cwd: string;
}

/** One open session. `run()` resolves to the exit code when the user quits. */
export class Session {
  readonly #client: AppServerClient;
  readonly #tui: TUI;
  readonly #options: SessionOptions;
  readonly #transcript = new Container();
  readonly #approvalSlot = new Container();
  readonly #queueView = new QueueView();
  /** Messages shown when submitted whose `userMessage` items have not arrived yet. */
  #echoed: string[] = [];
  readonly #editor: Editor;
  readonly #status = new StatusLine();
  #threadId = "";
  /** The answer to `thread/start` (or `thread/resume`) of the current thread. */
  #thread: ThreadStartResponse | null = null;
  /** The latest `thread/tokenUsage/updated` of the current thread. */
  #tokenUsage: ThreadTokenUsage | null = null;
  /** The thread's working directory (paths under it are shown relative). */
  #cwd = "";
  #turnId: string | null = null;
  #turnStartedAt = 0;
  /** Stops the spinner's timer while a turn runs. */
  #spinner: CancelTimer | null = null;
  #lastCtrlC = 0;
  #agentCells = new Map<string, AgentCell>();
  #commandCells = new Map<string, CommandCell>();
  #fileCells = new Map<string, FileChangeCell>();
  #toolCells = new Map<string, ToolCallCell>();
  #approvals: { request: ServerRequest; prompt: ApprovalPrompt }[] = [];
  readonly #quit = Promise.withResolvers<number>();
  /** Resolves once `thread/start` has answered: a message typed before then waits for it. */
  readonly #started = Promise.withResolvers<void>();

  constructor(client: AppServerClient, tui: TUI, options: SessionOptions) {
    this.#client = client;
    this.#tui = tui;
    this.#options = options;
    this.#editor = new Editor(tui, editorTheme, { paddingX: 1 });
    this.#editor.onSubmit = (text) => void this.#submit(text);
    this.#editor.setAutocompleteProvider(slashAutocomplete);
    tui.addChild(this.#transcript);
    tui.addChild(this.#queueView);
    tui.addChild(this.#approvalSlot);
    tui.addChild(this.#editor);
    tui.addChild(this.#status);
    tui.setFocus(this.#editor);
    tui.addInputListener((data) => this.#key(data));
    client.onNotification((method, params) => this.#notification(method, params));
    client.onServerRequest((request) => this.#serverRequest(request));
    client.onClose((reason) => {
      this.#add(new NoticeCell(`Disconnected from the app-server: ${reason}`, theme.red));
      this.#quit.resolve(1);
    });
  }

  /**
   * Starts a thread (or resumes `resume`, drawing its saved turns), submits `prompt` if given,
   * and runs until the user quits.
   */
  async run(prompt: string | null, resume: { last: true } | { threadId: string } | null = null): Promise<number> {
    this.#tui.start();
    // Code blocks are coloured once highlight.js has loaded (in the background, ~100 ms).
    void loadHighlighter();
    const started = resume ? await this.#resume(resume) : await this.#client.request<ThreadStartResponse>(
      "thread/start",
      { cwd: this.#options.cwd },
    );
    this.#opened(started);
    const sandbox = sandboxName(started.sandbox);
    this.#add(
      new HeaderCell({
        version: this.#options.version,
        cwd: started.cwd,
        model: started.model,
        sandbox,
        approval: started.approvalPolicy,
      }),
    );
    if (resume) this.#replay(started.thread.turns);
    if (prompt) await this.#submit(prompt);
    return await this.#quit.promise;
  }

  /** Runs a `/` command. */
  async #slash(command: SlashCommandName): Promise<void> {
    try {
      switch (command) {
        case "quit":
        case "exit":
          return this.#quit.resolve(0);
        case "new": {
          if (this.#turnId) throw new Error("Cannot start a new thread while a turn runs: press Esc first");
          const started = await this.#client.request<ThreadStartResponse>("thread/start", { cwd: this.#options.cwd });
          this.#opened(started);
          return this.#add(new NoticeCell(`New thread ${started.thread.id}`, theme.cyan));
        }
        case "compact":
          await this.#client.request("thread/compact/start", { threadId: this.#threadId });
          return this.#add(new NoticeCell("• Compacting the conversation..."));
        case "status":
          return this.#add(new StatusCard(this.#statusFacts()));
      }
    } catch (error) {
      this.#add(new NoticeCell(`■ /${command}: ${(error as Error).message}`, theme.red));
    }
  }

  /** What `/status` shows. */
  #statusFacts(): [string, string][] {
    const started = this.#thread!;
    const usage = this.#tokenUsage;
    const window = usage?.modelContextWindow;
    const used = usage?.last.totalTokens ?? 0;
    const effort = started.reasoningEffort ? `, ${started.reasoningEffort}` : "";
    return [
      ["Thread", started.thread.id],
      ["Model", `${started.model} (${started.modelProvider}${effort})`],
      ["Workspace", started.cwd],
      ["Sandbox", sandboxName(started.sandbox)],
      ["Approvals", started.approvalPolicy],
      ["Instructions", started.instructionSources.length ? started.instructionSources.join(", ") : "(none)"],
      [
        "Token usage",
        usage
          ? `${usage.total.totalTokens} total (${usage.total.inputTokens} input, ${usage.total.outputTokens} output)`
          : "no turn yet",
      ],
      [
        "Context",
        window ? `${Math.max(0, Math.round(100 - (used / window) * 100))}% left (${used} / ${window})` : "unknown",
      ],
    ];
  }

  /** `thread/resume` of the thread asked for; `--last` is the latest one in this workspace. */
  async #resume(resume: { last: true } | { threadId: string }): Promise<ThreadStartResponse> {
    let threadId: string;
    if ("threadId" in resume) threadId = resume.threadId;
    else {
      const { data } = await this.#client.request<{ data: { id: string }[] }>("thread/list", {
        cwd: this.#options.cwd,
        limit: 1,
        sortKey: "updated_at",
      });
      if (!data[0]) throw new Error(`No saved thread to resume in ${this.#options.cwd}`);
      threadId = data[0].id;
    }
    return await this.#client.request<ThreadStartResponse>("thread/resume", { threadId });
  }

  /** Draws a resumed thread's saved turns, as their notifications would have. */
  #replay(turns: Turn[]): void {
    for (const turn of turns) {
      for (const item of turn.items) {
        this.#itemStarted(item);
        this.#itemCompleted(item);
      }
      this.#add(new NoticeCell(`─ ${turn.status === "interrupted" ? "Interrupted" : "Turn ended"} ─`));
    }
    if (turns.length) this.#add(new NoticeCell(`Resumed thread ${this.#threadId}`, theme.cyan));
  }

  /** Makes `started` the thread the session works in. */
  #opened(started: ThreadStartResponse): void {
    this.#thread = started;
    this.#threadId = started.thread.id;
    this.#cwd = started.cwd;
    this.#tokenUsage = null;
    this.#status.model = started.model;
    this.#status.sandbox = sandboxName(started.sandbox);
    this.#status.approval = started.approvalPolicy;
    this.#started.resolve();
  }

  /** The thread this session works in (empty until started). */
  get threadId(): string {
    return this.#threadId;
  }

  #add(cell: Parameters<Container["addChild"]>[0]): void {
    this.#transcript.addChild(cell);
    this.#tui.requestRender();
  }

  async #submit(raw: string): Promise<void> {
    const text = raw.trim();
    if (!text) return;
    const command = parseSlashCommand(text);
    if (command) {
      this.#editor.addToHistory(text);
      return await this.#slash(command);
    }
    this.#editor.addToHistory(text);
    this.#add(new UserCell(text));
    // Shown now; its `userMessage` item, when the turn records it, is then not shown again.
    this.#echoed.push(text);
    await this.#started.promise;
    const input = [{ type: "text", text, text_elements: [] }];
    try {
      if (this.#turnId) {
        await this.#client.request("turn/steer", { threadId: this.#threadId, input, expectedTurnId: this.#turnId });
      } else {
        const { turn } = await this.#client.request<{ turn: Turn }>("turn/start", { threadId: this.#threadId, input });
        this.#turnStarted(turn);
      }
    } catch (error) {
      this.#add(new NoticeCell(`■ ${(error as Error).message}`, theme.red));
    }
  }

  #turnStarted(turn: Turn): void {
    if (this.#turnId === turn.id) return;
    this.#turnId = turn.id;
    this.#turnStartedAt = Date.now();
    this.#status.workingSince = this.#turnStartedAt;
    this.#status.hint = null;
    if (!this.#spinner) this.#spin();
    this.#tui.requestRender();
  }

  /** Advances the spinner every 100 ms until `#spinner` is cancelled. */
  #spin(): void {
    this.#spinner = startTimer(100, () => {
      this.#status.tick();
      this.#tui.requestRender();
      this.#spin();
    });
  }

  #turnCompleted(turn: Turn): void {
    this.#spinner?.();
    this.#spinner = null;
    this.#turnId = null;
    this.#status.workingSince = null;
    if (turn.status === "interrupted") {
      this.#add(new NoticeCell("■ Interrupted. Tell the model what to do differently.", theme.red));
    } else if (turn.status === "failed") {
      this.#add(new NoticeCell(`■ ${turn.error?.message ?? "The turn failed"}`, theme.red));
    }
    const took = turn.durationMs ?? Date.now() - this.#turnStartedAt;
    this.#add(new NoticeCell(`─ Worked for ${formatDuration(took)} ─`));
  }

  #notification(method: string, params: Record<string, unknown>): void {
    if (params.threadId !== undefined && params.threadId !== this.#threadId) return;
    switch (method) {
      case "turn/started":
        return this.#turnStarted(params.turn as Turn);
      case "turn/completed":
        return this.#turnCompleted(params.turn as Turn);
      case "item/started":
        return this.#itemStarted(params.item as ThreadItem);
      case "item/completed":
        return this.#itemCompleted(params.item as ThreadItem);
      case "item/agentMessage/delta":
        this.#agentCell(params.itemId as string).append(params.delta as string);
        return this.#tui.requestRender();
      case "item/commandExecution/outputDelta":
        this.#commandCells.get(params.itemId as string)?.appendOutput(params.delta as string);
        return this.#tui.requestRender();
      case "turn/plan/updated":
        return this.#add(
          new PlanCell(params.explanation as string | null, params.plan as ConstructorParameters<typeof PlanCell>[1]),
        );
      case "hook/started":
      case "hook/completed":
        return this.#hookRun(method === "hook/started", params.run as HookRunSummary);
      case "thread/tokenUsage/updated":
        this.#tokenUsage = params.tokenUsage as ThreadTokenUsage;
        return;
      case "thread/queue/changed":
        this.#queueView.set(params.queuedTurns as QueuedTurn[]);
        return this.#tui.requestRender();
      case "error":
        return this.#add(new NoticeCell(`■ ${(params.error as { message?: string })?.message ?? "error"}`, theme.red));
      case "warning":
        return this.#add(new NoticeCell(`⚠ ${params.message}`, theme.yellow));
    }
  }

  /** `• Running Stop hook: checking the tower wards`, then its outcome and what it said. */
  #hookRun(started: boolean, run: HookRunSummary): void {
    // The wire names events in camelCase (`stop`, `preToolUse`); hooks.json and Codex's UI in PascalCase.
    const event = run.eventName.charAt(0).toUpperCase() + run.eventName.slice(1);
    const what = `${event} hook${run.statusMessage ? `: ${run.statusMessage}` : ""}`;
    if (started) return this.#add(new NoticeCell(`• Running ${what}`));
    const style = run.status === "completed" ? theme.dim : theme.yellow;
    this.#add(new NoticeCell(`${event} hook (${run.status})`, style));
    for (const entry of run.entries) {
      this.#add(new NoticeCell(`${entry.kind}: ${entry.text}`, entry.kind === "error" ? theme.red : theme.yellow));
    }
  }

  #agentCell(itemId: string): AgentCell {
    let cell = this.#agentCells.get(itemId);
    if (!cell) {
      cell = new AgentCell();
      this.#agentCells.set(itemId, cell);
      this.#add(cell);
    }
    return cell;
  }

  #itemStarted(item: ThreadItem): void {
    if (item.type === "userMessage") {
      // A message this session did not just show: a queued turn's, or another client's.
      const text = item.content.map((c) => (c.type === "text" ? c.text : "")).join("").trim();
      const echoed = this.#echoed.indexOf(text);
      if (echoed >= 0) this.#echoed.splice(echoed, 1);
      else this.#add(new UserCell(text));
    } else if (item.type === "agentMessage") this.#agentCell(item.id);
    else if (item.type === "mcpToolCall" || item.type === "dynamicToolCall") {
      const name = item.type === "mcpToolCall" ? `${item.server}.${item.tool}` : [item.namespace, item.tool]
        .filter(Boolean).join(".");
      const cell = new ToolCallCell(name, item.arguments, null);
      this.#toolCells.set(item.id, cell);
      this.#add(cell);
    } else if (item.type === "commandExecution") {
      const cell = new CommandCell(item as CommandExecutionItem);
      this.#commandCells.set(item.id, cell);
      this.#add(cell);
    } else if (item.type === "fileChange") {
      const change = item as FileChangeItem;
      const cell = new FileChangeCell(change.changes, change.status, this.#cwd);
      this.#fileCells.set(item.id, cell);
      this.#add(cell);
    }
  }

  #itemCompleted(item: ThreadItem): void {
    if (item.type === "agentMessage") this.#agentCell(item.id).setText(item.text);
    else if (item.type === "commandExecution") {
      const cell = this.#commandCells.get(item.id);
      if (cell) cell.update(item as CommandExecutionItem);
      else this.#itemStarted(item);
    } else if (item.type === "fileChange") {
      const change = item as FileChangeItem;
      const cell = this.#fileCells.get(item.id);
      if (cell) cell.update(change.changes, change.status);
      else this.#itemStarted(item);
    } else if (item.type === "reasoning") {
      // Collapsed: the first line of the summary, if the model gave one.
      const first = item.summary.join("\n").trim().split("\n")[0];
      if (first) this.#add(new NoticeCell(`• ${first.replace(/^\*\*(.*)\*\*$/, "$1")}`, theme.italic));
    } else if (item.type === "mcpToolCall" || item.type === "dynamicToolCall") {
      if (!this.#toolCells.has(item.id)) this.#itemStarted(item);
      const failed = item.status === "failed";
      const outcome = item.type === "mcpToolCall"
        ? item.error?.message ?? toolText(item.result?.content ?? [])
        : toolText(item.contentItems ?? []);
      this.#toolCells.get(item.id)?.update(outcome || item.status, failed);
    } else if (item.type === "contextCompaction") {
      this.#add(new NoticeCell("• Context compacted"));
    }
    this.#tui.requestRender();
  }

  #serverRequest(request: ServerRequest): void {
    const p = request.params;
    let shown: ApprovalRequest;
    if (request.method === "item/commandExecution/requestApproval") {
      shown = {
        title: "Run this command?",
        command: p.command as string | null,
        cwd: p.cwd as string | null,
        reason: p.reason as string | null,
        decisions: (p.availableDecisions as Decision[] | undefined) ?? ["accept", "decline", "cancel"],
      };
    } else if (request.method === "item/fileChange/requestApproval") {
      shown = { title: "Make these file changes?", reason: p.reason as string | null, decisions: ALL_DECISIONS };
    } else {
      this.#client.fail(request.id, -32601, `The terminal UI cannot answer "${request.method}" yet`);
      return;
    }
    this.#approvals.push({ request, prompt: new ApprovalPrompt(shown) });
    if (this.#approvals.length === 1) this.#showApproval();
  }

  #showApproval(): void {
    this.#approvalSlot.clear();
    const next = this.#approvals[0];
    if (next) this.#approvalSlot.addChild(next.prompt);
    this.#tui.requestRender();
  }

  #key(data: string): { consume: boolean } | undefined {
    const approval = this.#approvals[0];
    if (approval) {
      if (matchesKey(data, "ctrl+c")) return this.#ctrlC();
      const decision = approval.prompt.decide(matchesKey(data, "escape") ? "\x1b" : data);
      if (decision) {
        this.#approvals.shift();
        this.#client.respond(approval.request.id, { decision });
        this.#showApproval();
      }
      return { consume: true };
    }
    if (matchesKey(data, "escape") && this.#turnId) {
      this.#interrupt();
      return { consume: true };
    }
    if (matchesKey(data, "ctrl+c")) return this.#ctrlC();
    if (matchesKey(data, "tab") && this.#turnId && this.#editor.getText().trim() !== "") {
      this.#enqueue(this.#editor.getText().trim());
      return { consume: true };
    }
    if (matchesKey(data, "ctrl+d") && this.#editor.getText() === "") {
      this.#quit.resolve(0);
      return { consume: true };
    }
    if (this.#status.hint) {
      this.#status.hint = null;
      this.#tui.requestRender();
    }
    return undefined;
  }

  /** Tab while a turn runs: the message waits in the thread's queue and runs as the next turn. */
  #enqueue(text: string): void {
    this.#editor.addToHistory(text);
    this.#editor.setText("");
    const turnStartParams = { threadId: this.#threadId, input: [{ type: "text", text, text_elements: [] }] };
    this.#client.request("thread/queue/add", { threadId: this.#threadId, turnStartParams }).catch((error) =>
      this.#add(new NoticeCell(`■ Cannot queue the message: ${(error as Error).message}`, theme.red))
    );
  }

  #ctrlC(): { consume: boolean } {
    if (this.#turnId) {
      this.#interrupt();
    } else if (this.#editor.getText() !== "") {
      this.#editor.setText("");
    } else if (Date.now() - this.#lastCtrlC < QUIT_WINDOW_MS) {
      this.#quit.resolve(0);
    } else {
      this.#lastCtrlC = Date.now();
      this.#status.hint = "Press Ctrl+C again to quit";
    }
    this.#tui.requestRender();
    return { consume: true };
  }

  #interrupt(): void {
    const turnId = this.#turnId;
    if (!turnId) return;
    // A waiting approval is cancelled with the turn.
    for (const { request } of this.#approvals.splice(0)) this.#client.respond(request.id, { decision: "cancel" });
    this.#showApproval();
    this.#client.request("turn/interrupt", { threadId: this.#threadId, turnId }).catch((error) =>
      this.#add(new NoticeCell(`■ Cannot interrupt: ${(error as Error).message}`, theme.red))
    );
  }

  /** Stops the spinner; the caller stops the terminal and closes the connection. */
  dispose(): void {
    this.#spinner?.();
    this.#spinner = null;
  }
}

/** The text parts of a tool's result content (`{type: "text"|"inputText", text}`), joined. */
function toolText(content: unknown[]): string {
  return content.map((c) => (c as { text?: unknown }).text).filter((t) => typeof t === "string").join("\n").trim();
}

/** `workspace-write`, `read-only`, ... from the wire's sandbox policy. */
function sandboxName(policy: WireSandboxPolicy): string {
  switch (policy.type) {
    case "dangerFullAccess":
      return "danger-full-access";
    case "readOnly":
      return "read-only";
    case "workspaceWrite":
      return "workspace-write";
    default:
      return policy.type;
  }
}
