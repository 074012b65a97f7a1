/**
 * @module
 * The interactive session: a client of the app-server protocol drawn with pi-tui. It starts (or
 * resumes) a thread, turns what the composer submits into `turn/start` (`turn/steer` while a
 * turn runs, `thread/queue/add` on Tab, a `/` command), hands the notifications to the transcript
 * (`transcript.ts`), follows the turn in the status line, answers approvals (a prompt) and
 * `request_user_input` questions (a form) above the composer, and handles the keys that interrupt
 * (`turn/interrupt`) and quit.
 */
import { type Component, Container, matchesKey, type SelectItem, type TUI } from "@mariozechner/pi-tui";
import {
  type CancelTimer,
  type HookRunSummary,
  type ModelListResponse,
  type QueuedTurn,
  startTimer,
  type ThreadItem,
  type ThreadListResponse,
  type ThreadResumeResponse,
  type ThreadStartResponse,
  type ThreadTokenUsage,
  type Turn,
  type WireSandboxPolicy,
} from "../../kernel/mod.ts";
import type { AppServerClient, ServerRequest } from "../../lib/app_client/mod.ts";
import { displayCommand } from "../../lib/shell_words/mod.ts";
import { type Answer, ApprovalPrompt, type ApprovalRequest, type Decision } from "./approval.ts";
import { DiffCell, fileChangeLines, formatDuration, HeaderCell, NoticeCell, StatusCard } from "./cells.ts";
import { loadHighlighter } from "./highlight.ts";
import { SkillEditor, type SkillPicker, skillPicker } from "./skill_picker.ts";
import { type Question, QuestionForm } from "./question_form.ts";
import { QueueView } from "./queue_view.ts";
import { QueueEditor } from "./queue_editor.ts";
import { ElicitationForm, type ElicitationParams } from "./elicitation_form.ts";
import { type PermissionsParams, permissionsPrompt, permissionsResponse } from "./permissions_request.ts";
import { Transcript } from "./transcript.ts";
import { reuseFrameLines } from "./frame_lines.ts";
import { filePickerAutocomplete } from "./file_picker.ts";
import { Picker, type PickerOptions } from "./picker.ts";
import { APPROVAL_PRESETS, effortItems, modelItems, threadItems } from "./pickers.ts";
import { parseSlashCommand, SLASH_COMMANDS, slashAutocomplete, type SlashCommand } from "./slash_commands.ts";
import { expandPromptCommand, matchPromptCommand, type PromptCommand, promptCommandItem } from "./prompt_commands.ts";
import { contextLeft, StatusLine } from "./status_line.ts";
import { ConfirmPrompt } from "./confirm_prompt.ts";
import { hooksCard, mcpCard, pluginAndServerFacts, pluginsCard, skillsCard } from "./info_cards.ts";
import { AGENTS_FILE, hasAgentsFile, initPrompt } from "./init_command.ts";
import { editorTheme, theme } from "./theme.ts";

/** What waits above the composer for the user's answer to a server request. */
type WaitingPrompt = ApprovalPrompt | QuestionForm | ElicitationForm;

/** A second Ctrl+C within this many ms quits. */
const QUIT_WINDOW_MS = 2000;
/** Lines of each file's diff a file-change approval shows (the transcript's cell shows more). */
const APPROVAL_DIFF_LINES = 20;
const ALL_DECISIONS: Decision[] = ["accept", "acceptForSession", "decline", "cancel"];
/** How many of a resumed thread's latest turns are drawn (`thread/resume`'s `initialTurnsPage`). */
const RESUME_PAGE = 20;

/** The saved thread to open: the latest, one by id, or one the user picks (`tern resume` alone). */
export type ResumeTarget = { last: true } | { threadId: string } | { pick: true };

/** What the session needs besides its connection and its terminal. */
export interface SessionOptions {
  version: string;
  cwd: string;
  /** Text typed in the launcher's early composer, put in the editor. */
  typed?: string;
}

/** One open session. `run()` resolves to the exit code when the user quits. */
export class Session {
  readonly #client: AppServerClient;
  readonly #tui: TUI;
  readonly #options: SessionOptions;
  readonly #transcript: Transcript;
  readonly #approvalSlot = new Container();
  readonly #queueView = new QueueView();
  /** Selecting, moving, deleting and editing queued messages (`queue_editor.ts`). */
  readonly #queue: QueueEditor;
  /** How many `thread/queue/changed` have come: a `thread/queue/list` answer older than one is stale. */
  #queueNotices = 0;
  readonly #editor: SkillEditor;
  /** The composer's `$` picker, which also knows the skills a message mentions. */
  readonly #skills: SkillPicker;
  readonly #status = new StatusLine();
  #threadId = "";
  /** The answer to `thread/start` (or `thread/resume`) of the current thread. */
  #thread: ThreadStartResponse | null = null;
  /** The latest `thread/tokenUsage/updated` of the current thread. */
  #tokenUsage: ThreadTokenUsage | null = null;
  #turnId: string | null = null;
  #turnStartedAt = 0;
  /** Stops the spinner's timer while a turn runs. */
  #spinner: CancelTimer | null = null;
  #lastCtrlC = 0;
  /** Server requests waiting for the user (approvals, `request_user_input` forms), shown one at a time. */
  #approvals: { request: ServerRequest; prompt: WaitingPrompt }[] = [];
  /** The latest `turn/diff/updated` of this thread: what `/diff` shows. */
  #turnDiff: string | null = null;
  /** The open picker (`/resume`, `/model`, `/approvals`) or question (`/init`): it takes every key until closed. */
  #overlay: Picker | ConfirmPrompt | null = null;
  /** What `/model` and `/approvals` chose, sent with each `turn/start` (the server keeps them for later turns). */
  #overrides: { model?: string; effort?: string; approvalPolicy?: string; sandboxPolicy?: WireSandboxPolicy } = {};
  /** The thread `tern fork` copied. */
  #forkedFrom = "";
  readonly #quit = Promise.withResolvers<number>();
  /** Resolves once `thread/start` has answered: a message typed before then waits for it. */
  readonly #started = Promise.withResolvers<void>();
  /** Plugins' prompt commands (`prompts/list`), offered as `/plugin:name`. */
  #promptCommands: PromptCommand[] = [];
  #promptCommandsLoaded: Promise<void> = Promise.resolve();
  /** Whether the thread last resumed has turns before those drawn. */
  #earlierTurnsHidden = false;

  constructor(client: AppServerClient, tui: TUI, options: SessionOptions) {
    this.#client = client;
    this.#tui = tui;
    reuseFrameLines(tui);
    this.#options = options;
    this.#transcript = new Transcript(() => tui.requestRender());
    // Every `/` command listed at once (pi-tui shows 5 by default).
    this.#editor = new SkillEditor(tui, editorTheme, { paddingX: 1, autocompleteMaxVisible: 12 });
    this.#editor.onSubmit = (text) => void this.#submit(text);
    if (options.typed) this.#editor.setText(options.typed);
    const cwd = () => this.#transcript.cwd || options.cwd;
    this.#skills = skillPicker(
      client,
      cwd,
      filePickerAutocomplete(client, cwd, slashAutocomplete(() => this.#promptCommands.map(promptCommandItem))),
    );
    this.#editor.setAutocompleteProvider(this.#skills.autocomplete);
    this.#queue = new QueueEditor({
      client,
      view: this.#queueView,
      threadId: () => this.#threadId,
      composerText: () => this.#editor.getText(),
      setComposerText: (text) => this.#editor.setText(text),
      fail: (message) => this.#add(new NoticeCell(`■ ${message}`, theme.red)),
      redraw: () => tui.requestRender(),
    });
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
   * Starts a thread (or resumes `resume`, drawing its saved turns; with `fork`, a copy of it),
   * submits `prompt` if given, and runs until the user quits.
   */
  async run(prompt: string | null, resume: ResumeTarget | null = null, fork = false): Promise<number> {
    this.#tui.start();
    this.#promptCommandsLoaded = this.#loadPromptCommands();
    // Code blocks are coloured once highlight.js has loaded (in the background, ~100 ms).
    void loadHighlighter();
    if (resume && "pick" in resume) {
      // `tern resume` with no argument: the picker; Esc (or no saved thread) starts a new thread.
      const threadId = await this.#pickThread(fork ? "Fork a thread" : undefined);
      resume = threadId ? { threadId } : null;
    }
    const started = resume ? await this.#resume(resume, fork) : await this.#client.request<ThreadStartResponse>(
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
    if (resume) this.#replay(started);
    if (resume && fork) {
      this.#add(new NoticeCell(`• Forked thread ${this.#forkedFrom} into ${started.thread.id}`, theme.cyan));
    }
    if (prompt) await this.#submit(prompt);
    return await this.#quit.promise;
  }

  /** Asks the server for plugins' prompt commands; one it cannot read is shown as a warning. */
  async #loadPromptCommands(): Promise<void> {
    try {
      const { data, errors } = await this.#client.request<
        { data: PromptCommand[]; errors: { path: string; message: string }[] }
      >("prompts/list", {});
      this.#promptCommands = data;
      // A `/` typed before the list came has a menu without them: offer it again, now complete.
      if (data.length && /^\/\S*$/.test(this.#editor.getText())) {
        (this.#editor as unknown as { tryTriggerAutocomplete(): void }).tryTriggerAutocomplete();
        this.#tui.requestRender();
      }
      for (const e of errors) this.#add(new NoticeCell(`⚠ Prompt command ${e.path}: ${e.message}`, theme.yellow));
    } catch {
      // A server without `prompts/list` (not Tern's) has no prompt commands.
    }
  }

  /** Runs a `/` command. */
  async #slash({ name: command, arg }: SlashCommand): Promise<void> {
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
          return this.#add(new StatusCard([...this.#statusFacts(), ...await pluginAndServerFacts(this.#client)]));
        case "diff":
          return this.#add(
            this.#turnDiff
              ? new DiffCell(this.#turnDiff)
              : new NoticeCell("• No file changed in this thread's turns yet"),
          );
        case "rename": {
          if (!arg) throw new Error("give the thread's new name: /rename NAME");
          await this.#client.request("thread/name/set", { threadId: this.#threadId, name: arg });
          return this.#add(new NoticeCell(`• Thread renamed to "${arg}"`, theme.cyan));
        }
        case "resume": {
          if (this.#turnId) throw new Error("Cannot switch threads while a turn runs: press Esc first");
          const threadId = await this.#pickThread();
          if (!threadId) return;
          const started = await this.#resume({ threadId });
          this.#opened(started);
          this.#replay(started);
          if (!started.thread.turns.length) {
            this.#add(new NoticeCell(`Resumed thread ${started.thread.id}`, theme.cyan));
          }
          return;
        }
        case "fork": {
          if (this.#turnId) throw new Error("Cannot fork while a turn runs: press Esc first");
          const from = this.#threadId;
          const forked = await this.#client.request<ThreadStartResponse>("thread/fork", {
            threadId: from,
            excludeTurns: true,
          });
          this.#opened(forked);
          return this.#add(new NoticeCell(`• Forked thread ${from} into ${forked.thread.id}`, theme.cyan));
        }
        case "skills":
          return this.#add(await skillsCard(this.#client, this.#transcript.cwd || this.#options.cwd));
        case "mcp":
          return this.#add(await mcpCard(this.#client));
        case "hooks":
          return this.#add(await hooksCard(this.#client, this.#transcript.cwd || this.#options.cwd));
        case "plugins": {
          if (arg !== "reload") return this.#add(await pluginsCard(this.#client));
          if (this.#turnId) throw new Error("Cannot reload plugins while a turn runs: press Esc first");
          const { plugins } = await this.#client.request<
            { plugins: { name: string; status: string; error: string | null; generation: number }[] }
          >(
            "plugin/reload",
            {},
          );
          return this.#add(await pluginsCard(this.#client, plugins));
        }
        case "init":
          return await this.#init();
        case "model": {
          const { data } = await this.#client.request<ModelListResponse>("model/list", {});
          const current = this.#overrides.model ?? this.#thread?.model ?? "";
          const picked = await this.#pick({
            title: "Choose the model",
            items: modelItems(data, current),
            empty: "No models listed",
          });
          if (!picked) return;
          const effort = await this.#pickEffort(data.find((m) => m.model === picked.value));
          if (effort === undefined) return;
          this.#overrides.model = picked.value;
          this.#status.model = picked.value;
          if (effort) this.#overrides.effort = this.#status.effort = effort;
          return this.#add(
            new NoticeCell(
              `• Model set to ${picked.value}${effort ? ` (${effort} effort)` : ""} for the next turns`,
              theme.cyan,
            ),
          );
        }
        case "approvals": {
          const picked = await this.#pick({
            title: "Choose what Tern may do without asking",
            items: APPROVAL_PRESETS.map(({ id, label, description }) => ({ value: id, label, description })),
            empty: "No presets",
          });
          const preset = APPROVAL_PRESETS.find((p) => p.id === picked?.value);
          if (!preset) return;
          this.#overrides.approvalPolicy = preset.approvalPolicy;
          this.#overrides.sandboxPolicy = preset.sandboxPolicy;
          this.#status.sandbox = sandboxName(preset.sandboxPolicy);
          this.#status.approval = preset.approvalPolicy;
          return this.#add(
            new NoticeCell(
              `• ${preset.label}: sandbox ${this.#status.sandbox}, approvals ${preset.approvalPolicy} (from the next turn)`,
              theme.cyan,
            ),
          );
        }
      }
    } catch (error) {
      this.#add(new NoticeCell(`■ /${command}: ${(error as Error).message}`, theme.red));
    }
  }

  /**
   * `/init`: sends the model the request to write AGENTS.md (see `init_command.ts`); over an
   * existing one, only after the user says yes.
   */
  async #init(): Promise<void> {
    if (this.#turnId) throw new Error("Cannot start /init while a turn runs: press Esc first");
    const cwd = this.#transcript.cwd || this.#options.cwd;
    const exists = await hasAgentsFile(cwd);
    if (exists) {
      const { promise, resolve } = Promise.withResolvers<boolean>();
      this.#overlay = new ConfirmPrompt({
        title: `${AGENTS_FILE} exists in ${cwd}`,
        body: `/init asks the model to write ${AGENTS_FILE} again, replacing the one there.`,
        yes: "Yes, let the model rewrite it",
        no: "No, keep it as it is",
        onAnswer: resolve,
      });
      this.#showApproval();
      const yes = await promise;
      this.#overlay = null;
      this.#showApproval();
      if (!yes) return this.#add(new NoticeCell(`• /init: kept ${AGENTS_FILE} as it is`));
    }
    this.#transcript.echo("/init");
    await this.#startTurn(initPrompt(exists));
  }

  /** Shows a picker above the composer; resolves to the item picked, or null on Esc. */
  #pick(options: Omit<PickerOptions, "onPick" | "onCancel">): Promise<SelectItem | null> {
    const { promise, resolve } = Promise.withResolvers<SelectItem | null>();
    const close = (item: SelectItem | null) => {
      this.#overlay = null;
      this.#showApproval();
      resolve(item);
    };
    this.#overlay = new Picker({ ...options, onPick: close, onCancel: () => close(null) });
    this.#showApproval();
    return promise;
  }

  /**
   * `/model`'s second step: the reasoning effort, from the efforts the model picked takes. Resolves to
   * the effort, null when the model takes no choice of effort, undefined on Esc.
   */
  async #pickEffort(model: ModelListResponse["data"][number] | undefined): Promise<string | null | undefined> {
    if (!model || model.supportedReasoningEfforts.length < 2) return null;
    const picked = await this.#pick({
      title: `Choose the reasoning effort for ${model.model}`,
      items: effortItems(model, this.#status.effort),
      empty: "No effort listed",
    });
    return picked ? picked.value : undefined;
  }

  /** The `/resume` picker over this workspace's saved threads (`thread/list`); the id picked, or null. */
  async #pickThread(title = "Resume a thread"): Promise<string | null> {
    const { data } = await this.#client.request<ThreadListResponse>("thread/list", {
      cwd: this.#options.cwd,
      limit: 100,
      sortKey: "updated_at",
    });
    const items = threadItems(data.filter((t) => t.id !== this.#threadId), Date.now());
    const picked = await this.#pick({
      title,
      items,
      empty: items.length ? "No thread matches" : `No saved thread in ${this.#options.cwd}`,
    });
    return picked?.value ?? null;
  }

  /** What `/status` shows. */
  #statusFacts(): [string, string][] {
    const started = this.#thread!;
    const usage = this.#tokenUsage;
    const left = contextLeft(usage);
    const effort = this.#status.effort ? `, ${this.#status.effort}` : "";
    return [
      ["Thread", started.thread.id],
      ["Model", `${this.#status.model} (${started.modelProvider}${effort})`],
      ["Workspace", started.cwd],
      ["Sandbox", this.#status.sandbox],
      ["Approvals", this.#status.approval],
      ["Instructions", started.instructionSources.length ? started.instructionSources.join(", ") : "(none)"],
      [
        "Token usage",
        usage
          ? `${usage.total.totalTokens} total (${usage.total.inputTokens} input, ${usage.total.outputTokens} output)`
          : "no turn yet",
      ],
      [
        "Context",
        left !== null ? `${left}% left (${usage!.last.totalTokens} / ${usage!.modelContextWindow})` : "unknown",
      ],
    ];
  }

  /**
   * `thread/resume` of the thread asked for (`thread/fork` of it with `fork`: `tern fork`); `--last`
   * is the latest one in this workspace. Only its last `RESUME_PAGE` turns are drawn, older ones
   * are not (a long thread opens at once).
   */
  async #resume(resume: { last: true } | { threadId: string }, fork = false): Promise<ThreadStartResponse> {
    let threadId: string;
    if ("threadId" in resume) threadId = resume.threadId;
    else {
      const { data } = await this.#client.request<{ data: { id: string }[] }>("thread/list", {
        cwd: this.#options.cwd,
        limit: 1,
        sortKey: "updated_at",
      });
      if (!data[0]) throw new Error(`No saved thread to ${fork ? "fork" : "resume"} in ${this.#options.cwd}`);
      threadId = data[0].id;
    }
    if (fork) {
      this.#forkedFrom = threadId;
      const forked = await this.#client.request<ThreadStartResponse>("thread/fork", { threadId });
      const all = forked.thread.turns;
      this.#earlierTurnsHidden = all.length > RESUME_PAGE;
      return { ...forked, thread: { ...forked.thread, turns: all.slice(-RESUME_PAGE) } };
    }
    const resumed = await this.#client.request<ThreadResumeResponse>("thread/resume", {
      threadId,
      excludeTurns: true,
      initialTurnsPage: { limit: RESUME_PAGE, itemsView: "full" },
    });
    // The page comes newest first; a server without pages sends the thread's turns instead.
    const page = resumed.initialTurnsPage;
    const turns = page ? [...page.data].reverse() : resumed.thread.turns;
    this.#earlierTurnsHidden = Boolean(page?.nextCursor);
    return { ...resumed, thread: { ...resumed.thread, turns } };
  }

  /** Draws a resumed thread's turns (the last page), saying so when earlier ones are left out. */
  #replay(started: ThreadStartResponse): void {
    const { turns, id } = started.thread;
    if (this.#earlierTurnsHidden) {
      this.#add(new NoticeCell(`⋯ Earlier turns are not shown here; the last ${turns.length} are`, theme.dim));
    }
    this.#transcript.replay(turns, id);
  }

  /** Makes `started` the thread the session works in. */
  #opened(started: ThreadStartResponse): void {
    this.#thread = started;
    this.#threadId = started.thread.id;
    this.#transcript.cwd = started.cwd;
    this.#tokenUsage = this.#status.usage = null;
    this.#turnDiff = null;
    this.#status.model = this.#overrides.model ?? started.model;
    this.#status.effort = this.#overrides.effort ?? started.reasoningEffort ?? null;
    this.#status.sandbox = this.#overrides.sandboxPolicy
      ? sandboxName(this.#overrides.sandboxPolicy)
      : sandboxName(started.sandbox);
    this.#status.approval = this.#overrides.approvalPolicy ?? started.approvalPolicy;
    this.#started.resolve();
    // A resumed thread may have messages queued in an earlier session (the store keeps them).
    this.#queue.changed([]);
    const seen = this.#queueNotices;
    this.#client.request<{ data: QueuedTurn[] }>("thread/queue/list", { threadId: started.thread.id, limit: 100 })
      .then(({ data }) => {
        // A `thread/queue/changed` since the request is newer than this answer.
        if (this.#threadId !== started.thread.id || this.#queueNotices !== seen) return;
        this.#queue.changed(data);
        this.#tui.requestRender();
      })
      .catch(() => {}); // an ephemeral thread, or a server without queues: nothing queued to show
  }

  /** The thread this session works in (empty until started). */
  get threadId(): string {
    return this.#threadId;
  }

  #add(cell: Component): void {
    this.#transcript.add(cell);
  }

  async #submit(raw: string): Promise<void> {
    const text = raw.trim();
    if (this.#queue.editing) {
      // Enter while editing a queued message saves it in its place (an empty one is deleted there).
      if (text) await this.#queue.save(text);
      return;
    }
    if (!text) return;
    const command = parseSlashCommand(text);
    if (command) {
      this.#editor.addToHistory(text);
      return await this.#slash(command);
    }
    this.#editor.addToHistory(text);
    if (text.startsWith("!") && text.length > 1) return await this.#shellCommand(text.slice(1).trim());
    if (text.startsWith("/")) await this.#promptCommandsLoaded;
    const prompt = matchPromptCommand(text, this.#promptCommands, SLASH_COMMANDS.map((c) => c.name));
    const message = prompt ? expandPromptCommand(prompt.command.content, prompt.args) : text;
    this.#transcript.echo(text);
    await this.#startTurn(message);
  }

  /** Sends `message`: it steers the running turn, else starts a turn. */
  async #startTurn(message: string): Promise<void> {
    await this.#started.promise;
    const input = this.#input(message);
    try {
      if (this.#turnId) {
        await this.#client.request("turn/steer", { threadId: this.#threadId, input, expectedTurnId: this.#turnId });
      } else {
        const { turn } = await this.#client.request<{ turn: Turn }>("turn/start", {
          threadId: this.#threadId,
          input,
          ...this.#overrides,
        });
        this.#turnStarted(turn);
      }
    } catch (error) {
      this.#add(new NoticeCell(`■ ${(error as Error).message}`, theme.red));
    }
  }

  /** A message as `turn/start` input: its text, then a `skill` item for each listed skill it names as `$name`. */
  #input(text: string): unknown[] {
    return [{ type: "text", text, text_elements: [] }, ...this.#skills.mentioned(text)];
  }

  /**
   * `!cmd`: runs the command in the thread (`thread/shellCommand`: the thread's sandbox, no
   * approval asked, and the model sees it next turn); its cell comes with its item.
   */
  async #shellCommand(command: string): Promise<void> {
    await this.#started.promise;
    try {
      await this.#client.request("thread/shellCommand", { threadId: this.#threadId, command });
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
        return this.#transcript.itemStarted(params.item as ThreadItem);
      case "item/completed":
        return this.#transcript.itemCompleted(params.item as ThreadItem);
      case "item/agentMessage/delta":
        return this.#transcript.agentDelta(params.itemId as string, params.delta as string);
      case "item/commandExecution/outputDelta":
        return this.#transcript.commandOutput(params.itemId as string, params.delta as string);
      case "item/tool/progress":
        return this.#transcript.toolProgress(params.itemId as string, params.message as string);
      case "turn/plan/updated":
        return this.#transcript.plan(
          params.explanation as string | null,
          params.plan as Parameters<Transcript["plan"]>[1],
        );
      case "hook/started":
      case "hook/completed":
        return this.#transcript.hookRun(method === "hook/started", params.run as HookRunSummary);
      case "skill/activated":
        return this.#transcript.skillActivated(params as { name: string; path: string; reason: string });
      case "turn/diff/updated":
        this.#turnDiff = params.diff as string;
        return;
      case "thread/tokenUsage/updated":
        this.#tokenUsage = this.#status.usage = params.tokenUsage as ThreadTokenUsage;
        return this.#tui.requestRender();
      case "thread/queue/changed":
        this.#queueNotices++;
        this.#queue.changed(params.queuedTurns as QueuedTurn[]);
        return this.#tui.requestRender();
      case "error":
        return this.#add(new NoticeCell(`■ ${(params.error as { message?: string })?.message ?? "error"}`, theme.red));
      case "warning":
        return this.#add(new NoticeCell(`⚠ ${params.message}`, theme.yellow));
    }
  }

  #serverRequest(request: ServerRequest): void {
    const p = request.params;
    let shown: ApprovalRequest;
    if (request.method === "item/commandExecution/requestApproval") {
      shown = {
        title: "Run this command?",
        command: typeof p.command === "string" ? displayCommand(p.command) : null,
        cwd: p.cwd as string | null,
        reason: p.reason as string | null,
        decisions: (p.availableDecisions as Decision[] | undefined) ?? ["accept", "decline", "cancel"],
      };
    } else if (request.method === "item/fileChange/requestApproval") {
      shown = {
        title: "Make these file changes?",
        preview: this.#changesPreview(p.itemId as string),
        labels: { accept: "Yes, make these changes" },
        reason: p.reason as string | null,
        decisions: ALL_DECISIONS,
      };
    } else if (request.method === "item/tool/requestUserInput") {
      return this.#waitForUser(request, new QuestionForm(p.questions as Question[]));
    } else if (request.method === "item/permissions/requestApproval") {
      shown = permissionsPrompt(p as PermissionsParams);
    } else if (request.method === "mcpServer/elicitation/request") {
      return this.#waitForUser(request, new ElicitationForm(p as ElicitationParams));
    } else {
      this.#client.fail(request.id, -32601, `The terminal UI cannot answer "${request.method}" yet`);
      return;
    }
    this.#waitForUser(request, new ApprovalPrompt(shown));
  }

  /**
   * The diff a file-change approval shows: the changes of its item (`item/started` comes before the
   * request), capped so the choices stay on screen.
   */
  #changesPreview(itemId: string): ((width: number) => string[]) | undefined {
    const changes = this.#transcript.fileChanges(itemId);
    const cwd = this.#transcript.cwd;
    return changes?.length
      ? (width) => fileChangeLines(changes, { cwd, verb: "Edit", width, maxLines: APPROVAL_DIFF_LINES })
      : undefined;
  }

  /**
   * Sends the user's decision. A note typed after `n` steers the turn first (`turn/steer`), so the
   * model's next request, right after the declined call, carries it.
   */
  async #answerApproval(request: ServerRequest, { decision, note }: Answer): Promise<void> {
    if (note && this.#turnId) {
      this.#transcript.echo(note);
      await this.#client.request("turn/steer", {
        threadId: this.#threadId,
        input: [{ type: "text", text: note, text_elements: [] }],
        expectedTurnId: this.#turnId,
      }).catch((error) => this.#add(new NoticeCell(`■ Cannot send the note: ${(error as Error).message}`, theme.red)));
    }
    if (request.method === "item/permissions/requestApproval") {
      this.#client.respond(request.id, permissionsResponse(request.params as PermissionsParams, decision));
      // Permission requests have no `cancel`: Esc grants nothing, then stops the turn here.
      if (decision === "cancel") this.#interrupt();
      return;
    }
    this.#client.respond(request.id, { decision });
  }

  #waitForUser(request: ServerRequest, prompt: WaitingPrompt): void {
    this.#approvals.push({ request, prompt });
    if (this.#approvals.length === 1) this.#showApproval();
  }

  /** A key for the waiting form: it answers the request once the form is submitted or declined. */
  #formKey(request: ServerRequest, form: QuestionForm, data: string): void {
    const outcome = form.handleKey(data);
    if (outcome) {
      this.#approvals.shift();
      if ("answered" in outcome) this.#client.respond(request.id, outcome.answered);
      else this.#client.fail(request.id, -32000, "the user declined to answer (Esc)");
    }
    this.#showApproval();
  }

  /** Shows, above the composer, the first waiting approval, else the open picker, else nothing. */
  #showApproval(): void {
    this.#approvalSlot.clear();
    const next = this.#approvals[0]?.prompt ?? this.#overlay;
    if (next) this.#approvalSlot.addChild(next);
    this.#tui.requestRender();
  }

  #key(data: string): { consume: boolean } | undefined {
    const approval = this.#approvals[0];
    if (approval) {
      if (matchesKey(data, "ctrl+c")) return this.#ctrlC();
      if (approval.prompt instanceof QuestionForm) {
        this.#formKey(approval.request, approval.prompt, data);
        return { consume: true };
      }
      if (approval.prompt instanceof ElicitationForm) {
        const outcome = approval.prompt.handleKey(data);
        if (outcome) {
          this.#approvals.shift();
          this.#client.respond(approval.request.id, outcome.respond);
        }
        this.#showApproval();
        return { consume: true };
      }
      const answer = approval.prompt.handleKey(data);
      if (answer) {
        this.#approvals.shift();
        void this.#answerApproval(approval.request, answer);
      }
      this.#showApproval();
      return { consume: true };
    }
    if (this.#overlay) {
      this.#overlay.handleKey(data);
      this.#tui.requestRender();
      return { consume: true };
    }
    if (this.#queue.handleKey(data)) return { consume: true };
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
    const turnStartParams = {
      threadId: this.#threadId,
      input: this.#input(text),
      ...this.#overrides,
    };
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
    // A waiting approval is cancelled with the turn, and a waiting form is left unanswered.
    for (const { request, prompt } of this.#approvals.splice(0)) {
      if (prompt instanceof QuestionForm) this.#client.fail(request.id, -32000, "the turn was interrupted");
      else if (prompt instanceof ElicitationForm) this.#client.respond(request.id, { action: "cancel" });
      else if (request.method === "item/permissions/requestApproval") {
        this.#client.respond(request.id, permissionsResponse(request.params as PermissionsParams, "cancel"));
      } else this.#client.respond(request.id, { decision: "cancel" });
    }
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
