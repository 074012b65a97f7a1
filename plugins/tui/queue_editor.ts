/**
 * @module
 * Editing the thread's queue from the keyboard, through the queue methods (`thread/queue/delete`,
 * `thread/queue/reorder`, `thread/queue/add`): Up on an empty composer while messages are queued
 * selects the last one; then Up / Down select, Alt+Up / Alt+Down move the selected message,
 * `d` or Delete deletes it, `e` or Enter puts it in the composer to edit (Enter saves it in its
 * place, Esc leaves it unchanged), Esc (or Down past the last) goes back to the composer. What the
 * server answers comes back as `thread/queue/changed`, which redraws the list.
 */
import { matchesKey } from "@mariozechner/pi-tui";
import type { QueuedTurn, ThreadQueueAddResponse } from "../../kernel/mod.ts";
import type { AppServerClient } from "../../lib/app_client/mod.ts";
import { queuedText, type QueueView } from "./queue_view.ts";

/** What the editor needs from the session. */
export interface QueueEditorHost {
  client: AppServerClient;
  view: QueueView;
  threadId(): string;
  /** The composer's text, and a way to replace it. */
  composerText(): string;
  setComposerText(text: string): void;
  /** Says a failed request in the transcript. */
  fail(message: string): void;
  redraw(): void;
}

/** The queue's keyboard controller; the session hands it keys first (`handleKey`). */
export class QueueEditor {
  readonly #host: QueueEditorHost;

  constructor(host: QueueEditorHost) {
    this.#host = host;
  }

  /** Whether the list has the keys (a message is selected). */
  get active(): boolean {
    return this.#host.view.selectedId !== null;
  }

  /** Whether a queued message is in the composer being edited. */
  get editing(): boolean {
    return this.#host.view.editingId !== null;
  }

  /** The queue changed on the server: a selection or an edit whose message is gone ends. */
  changed(queued: QueuedTurn[]): void {
    const view = this.#host.view;
    view.set(queued);
    if (view.selectedId && !queued.some((t) => t.id === view.selectedId)) {
      view.selectedId = queued.at(-1)?.id ?? null;
    }
    if (view.editingId && !queued.some((t) => t.id === view.editingId)) view.editingId = null;
  }

  /** Takes a key if it is the queue's; returns whether it did. */
  handleKey(data: string): boolean {
    const view = this.#host.view;
    const queued = view.queued;
    if (this.editing) {
      if (!matchesKey(data, "escape")) return false;
      view.editingId = null;
      this.#host.setComposerText("");
      this.#host.redraw();
      return true;
    }
    if (!this.active) {
      if (!matchesKey(data, "up") || !queued.length || this.#host.composerText() !== "") return false;
      view.selectedId = queued.at(-1)!.id;
      this.#host.redraw();
      return true;
    }
    const index = queued.findIndex((t) => t.id === view.selectedId);
    if (matchesKey(data, "escape") || (matchesKey(data, "down") && index === queued.length - 1)) {
      view.selectedId = null;
    } else if (matchesKey(data, "up")) {
      view.selectedId = queued[Math.max(0, index - 1)]!.id;
    } else if (matchesKey(data, "down")) {
      view.selectedId = queued[index + 1]!.id;
    } else if (matchesKey(data, "alt+up") || matchesKey(data, "alt+down")) {
      void this.#move(index, matchesKey(data, "alt+up") ? -1 : 1);
    } else if (data === "d" || matchesKey(data, "delete")) {
      void this.#delete(queued[index]!);
    } else if (data === "e" || matchesKey(data, "enter")) {
      view.editingId = queued[index]!.id;
      view.selectedId = null;
      this.#host.setComposerText(queuedText(queued[index]!));
    }
    // Every other key is swallowed while the list has the keys: typing goes nowhere unexpected.
    this.#host.redraw();
    return true;
  }

  /**
   * Enter in the composer while editing: the edited text replaces the message in its place (the
   * queue methods have no update: the new text is added, put where the old one was, and the old one
   * deleted). Returns false when nothing is being edited.
   */
  async save(text: string): Promise<boolean> {
    const view = this.#host.view;
    const old = view.queued.find((t) => t.id === view.editingId);
    view.editingId = null;
    if (!old) return false;
    const { client } = this.#host;
    const threadId = this.#host.threadId();
    const before = view.queued.map((t) => t.id);
    try {
      const turnStartParams = {
        ...old.turnStartParams,
        input: [
          { type: "text", text, text_elements: [] },
          ...old.turnStartParams.input.filter((i) => i.type !== "text"),
        ],
      };
      const { queuedTurn } = await client.request<ThreadQueueAddResponse>("thread/queue/add", {
        threadId,
        turnStartParams,
      });
      await client.request("thread/queue/delete", { threadId, queuedTurnId: old.id });
      await this.#reorder(before.map((id) => id === old.id ? queuedTurn.id : id));
    } catch (error) {
      this.#host.fail(`Cannot save the queued message: ${(error as Error).message}`);
    }
    return true;
  }

  async #move(index: number, by: -1 | 1): Promise<void> {
    const ids = this.#host.view.queued.map((t) => t.id);
    const to = index + by;
    if (to < 0 || to >= ids.length) return;
    [ids[index], ids[to]] = [ids[to]!, ids[index]!];
    await this.#reorder(ids).catch((error) => this.#host.fail(`Cannot move the queued message: ${error.message}`));
  }

  async #delete(turn: QueuedTurn): Promise<void> {
    const queued = this.#host.view.queued;
    const index = queued.indexOf(turn);
    this.#host.view.selectedId = queued[index + 1]?.id ?? queued[index - 1]?.id ?? null;
    await this.#host.client.request("thread/queue/delete", { threadId: this.#host.threadId(), queuedTurnId: turn.id })
      .catch((error) => this.#host.fail(`Cannot delete the queued message: ${error.message}`));
  }

  /** Asks for `ids` in this order; applies the answer at once (the notification follows). */
  async #reorder(ids: string[]): Promise<void> {
    const { queuedTurns } = await this.#host.client.request<{ queuedTurns: QueuedTurn[] }>("thread/queue/reorder", {
      threadId: this.#host.threadId(),
      queuedTurnIds: ids,
    });
    this.changed(queuedTurns);
    this.#host.redraw();
  }
}
