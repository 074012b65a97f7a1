/**
 * @module
 * A picker shown above the composer (for `/resume`, `/model`, `/approvals`, and `tern resume` with
 * no argument): a title, a search line and a list. Typing filters the list (every word typed must
 * appear in an item's label or description, case ignored), Backspace takes a character back, Up and
 * Down move, Enter picks, Esc closes it without a choice.
 */
import { type Component, matchesKey, type SelectItem, SelectList, truncateToWidth } from "@mariozechner/pi-tui";
import { editorTheme, theme } from "./theme.ts";

/** Items shown at once; the list scrolls past them. */
const VISIBLE = 8;

/** What a picker lists and what happens on a choice. */
export interface PickerOptions {
  title: string;
  items: SelectItem[];
  /** Said when nothing matches (or the list is empty). */
  empty: string;
  onPick: (item: SelectItem) => void;
  onCancel: () => void;
}

/** The picker; the session hands it every key while it is open (`handleKey`). */
export class Picker implements Component {
  #query = "";
  #list: SelectList;
  #matches = 0;

  constructor(readonly options: PickerOptions) {
    this.#list = this.#filtered();
  }

  #filtered(): SelectList {
    const words = this.#query.toLowerCase().split(/\s+/).filter(Boolean);
    const items = this.options.items.filter((item) => {
      const text = `${item.label} ${item.description ?? ""}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
    this.#matches = items.length;
    const list = new SelectList(items, VISIBLE, editorTheme.selectList, { maxPrimaryColumnWidth: 48 });
    list.onSelect = (item) => this.options.onPick(item);
    return list;
  }

  /** Takes one key: filters, moves, picks or cancels. */
  handleKey(data: string): void {
    if (matchesKey(data, "escape") || matchesKey(data, "ctrl+c")) return this.options.onCancel();
    if (matchesKey(data, "backspace")) {
      this.#query = this.#query.slice(0, -1);
      this.#list = this.#filtered();
    } else if (isPrintable(data)) {
      this.#query += data;
      this.#list = this.#filtered();
    } else {
      this.#list.handleInput(data);
    }
  }

  render(width: number): string[] {
    const lines = [
      theme.cyan("─".repeat(Math.max(1, width))),
      truncateToWidth(theme.bold(this.options.title), width),
      truncateToWidth(`${theme.dim("search:")} ${this.#query}${theme.dim("▏")}`, width),
    ];
    if (this.#matches === 0) lines.push(truncateToWidth(theme.dim(`  ${this.options.empty}`), width));
    else lines.push(...this.#list.render(width));
    lines.push(truncateToWidth(theme.dim("type to search · ↑↓ move · enter pick · esc close"), width));
    return lines;
  }

  invalidate(): void {
    this.#list.invalidate();
  }
}

/** Text typed (a character, or a paste), not a control key or an escape sequence. */
export function isPrintable(data: string): boolean {
  return data.length > 0 && [...data].every((ch) => ch >= " " && ch !== "\x7f");
}
