/**
 * @module
 * The form shown above the composer for an MCP server's elicitation (`mcpServer/elicitation/request`).
 * A `form` request's `requestedSchema` (MCP's restricted JSON Schema: an object of flat
 * properties) becomes one row per field: text (`string`), a number (`number`, `integer`, checked
 * against `minimum`/`maximum`), a checkbox (`boolean`), a choice (`enum`, `oneOf` of `const`s,
 * legacy `enumNames`) or several (`array` of such items). Defaults are filled in. Up / Down (or
 * Tab) move between fields; typing writes the text or number; Space toggles a checkbox or the
 * option under the cursor; Left / Right choose among options. Enter accepts (refused, with the
 * reason shown, while a required field is empty or a value is invalid), Ctrl+D declines, Esc
 * cancels. A form without fields (Codex's approval of an MCP tool call, or a `url` request)
 * answers with `y` (accept), `a` (accept for the session, when the request is a tool-call
 * approval that can persist), `n` (decline) and Esc (cancel).
 */
import { type Component, matchesKey, truncateToWidth, wrapTextWithAnsi } from "@mariozechner/pi-tui";
import type { ServerRequestMap } from "../../kernel/mod.ts";
import { isPrintable } from "./picker.ts";
import { theme } from "./theme.ts";

type Request = ServerRequestMap["mcpServer/elicitation/request"];
/** The request's params. */
export type ElicitationParams = Request["params"];
/** The response the form sends. */
export type ElicitationResponse = Request["response"];

interface Option {
  value: string;
  label: string;
}

/** One field of the form, with its current value. */
interface Field {
  name: string;
  title: string;
  description: string;
  required: boolean;
  kind: "text" | "number" | "integer" | "boolean" | "choice" | "choices";
  options: Option[];
  /** Text being typed (text and number fields). */
  text: string;
  /** Checkbox state. */
  checked: boolean;
  /** The options chosen (one for `choice`); the option under the cursor. */
  chosen: Set<string>;
  cursor: number;
  minimum?: number;
  maximum?: number;
}

/** What a key did: the form is answered (`respond`) or still open (null). */
export type ElicitationOutcome = { respond: ElicitationResponse } | null;

/** The form; the session hands it every key while it is open (`handleKey`). */
export class ElicitationForm implements Component {
  readonly #fields: Field[];
  #row = 0;
  #error = "";

  constructor(readonly params: ElicitationParams) {
    this.#fields = params.mode === "form" ? fieldsOf(params.requestedSchema) : [];
  }

  /** A tool-call approval that the server lets the user accept for the rest of the session. */
  get #persistable(): boolean {
    const meta = this.params._meta as { codex_approval_kind?: unknown; persist?: unknown } | undefined;
    return meta?.codex_approval_kind === "mcp_tool_call" && (meta.persist === "session" || meta.persist === "always");
  }

  handleKey(data: string): ElicitationOutcome {
    if (matchesKey(data, "escape")) return { respond: { action: "cancel" } };
    if (!this.#fields.length) {
      const key = data.toLowerCase();
      if (key === "y" || matchesKey(data, "enter")) return this.#accept();
      if (key === "a" && this.#persistable) return { respond: { action: "accept", _meta: { persist: "session" } } };
      if (key === "n") return { respond: { action: "decline" } };
      return null;
    }
    if (matchesKey(data, "ctrl+d")) return { respond: { action: "decline" } };
    if (matchesKey(data, "enter")) return this.#accept();
    const field = this.#fields[this.#row]!;
    this.#error = "";
    if (matchesKey(data, "up") || matchesKey(data, "shift+tab")) {
      this.#row = (this.#row + this.#fields.length - 1) % this.#fields.length;
    } else if (matchesKey(data, "down") || matchesKey(data, "tab")) {
      this.#row = (this.#row + 1) % this.#fields.length;
    } else if (field.options.length && (matchesKey(data, "left") || matchesKey(data, "right"))) {
      const by = matchesKey(data, "left") ? -1 : 1;
      field.cursor = (field.cursor + by + field.options.length) % field.options.length;
      if (field.kind === "choice") field.chosen = new Set([field.options[field.cursor]!.value]);
    } else if (data === " " && field.kind === "boolean") field.checked = !field.checked;
    else if (data === " " && field.kind === "choices") {
      const value = field.options[field.cursor]!.value;
      if (!field.chosen.delete(value)) field.chosen.add(value);
    } else if (field.kind === "text" || field.kind === "number" || field.kind === "integer") {
      if (matchesKey(data, "backspace")) field.text = field.text.slice(0, -1);
      else if (isPrintable(data)) field.text += data;
    }
    return null;
  }

  /** Accepts with the fields' values, or stays open saying what is wrong. */
  #accept(): ElicitationOutcome {
    const content: Record<string, unknown> = {};
    for (const field of this.#fields) {
      const value = valueOf(field);
      if (typeof value === "string" && value.startsWith("!")) {
        this.#error = `${field.title}: ${value.slice(1)}`;
        this.#row = this.#fields.indexOf(field);
        return null;
      }
      if (value !== undefined) content[field.name] = value;
    }
    return { respond: this.params.mode === "form" ? { action: "accept", content } : { action: "accept" } };
  }

  render(width: number): string[] {
    const p = this.params;
    const wrap = (text: string, indent: string) =>
      wrapTextWithAnsi(text, Math.max(10, width - indent.length)).map((l) => indent + l);
    const lines = [
      theme.yellow("─".repeat(Math.max(1, width))),
      truncateToWidth(theme.bold(`${p.serverName} asks`), width),
      ...wrap(p.message, "  "),
    ];
    if (p.mode === "url") lines.push(...wrap(theme.underline(p.url), "  "));
    lines.push("");
    this.#fields.forEach((field, i) => {
      const mark = i === this.#row ? theme.cyan("›") : " ";
      const label = `${field.title}${field.required ? theme.red("*") : ""}`;
      lines.push(truncateToWidth(`${mark} ${label}: ${this.#shown(field, i === this.#row)}`, width));
      if (i === this.#row && field.description) lines.push(...wrap(theme.dim(field.description), "    "));
    });
    if (this.#error) lines.push(truncateToWidth(theme.red(`  ${this.#error}`), width));
    lines.push("", truncateToWidth(theme.dim(this.#keys()), width));
    return lines;
  }

  #keys(): string {
    if (!this.#fields.length) {
      return [
        "y accept",
        this.#persistable ? "a accept for this session" : "",
        "n decline",
        "esc cancel",
      ].filter(Boolean).join(" · ");
    }
    return "↑↓ field · type text · space toggle · ←→ choose · enter accept · ctrl+d decline · esc cancel";
  }

  /** A field's value as the form shows it. */
  #shown(field: Field, current: boolean): string {
    const caret = current ? theme.dim("▏") : "";
    switch (field.kind) {
      case "boolean":
        return field.checked ? "[x]" : "[ ]";
      case "choice":
      case "choices":
        return field.options.map((o, i) => {
          const on = field.chosen.has(o.value);
          const box = field.kind === "choices" ? (on ? "[x] " : "[ ] ") : "";
          const text = `${box}${o.label}`;
          const styled = on ? theme.cyan(text) : theme.dim(text);
          return current && i === field.cursor ? theme.underline(styled) : styled;
        }).join("  ");
      default:
        return `${field.text}${caret}`;
    }
  }

  invalidate(): void {}
}

/**
 * A field's value for the response: undefined when left empty and optional; a string starting
 * with `!` says what is wrong.
 */
function valueOf(field: Field): unknown {
  switch (field.kind) {
    case "boolean":
      return field.checked;
    case "choice":
    case "choices": {
      const chosen = field.options.filter((o) => field.chosen.has(o.value)).map((o) => o.value);
      if (!chosen.length) return field.required ? "!choose one" : undefined;
      return field.kind === "choice" ? chosen[0] : chosen;
    }
    case "number":
    case "integer": {
      const text = field.text.trim();
      if (!text) return field.required ? "!required" : undefined;
      const n = Number(text);
      if (!Number.isFinite(n) || (field.kind === "integer" && !Number.isInteger(n))) {
        return `!"${text}" is not ${field.kind === "integer" ? "a whole number" : "a number"}`;
      }
      if (field.minimum !== undefined && n < field.minimum) return `!must be at least ${field.minimum}`;
      if (field.maximum !== undefined && n > field.maximum) return `!must be at most ${field.maximum}`;
      return n;
    }
    default:
      if (!field.text) return field.required ? "!required" : undefined;
      return field.text;
  }
}

type Schema = Record<string, unknown>;

/** The fields of a `requestedSchema`, in the order of its properties. */
function fieldsOf(schema: Schema): Field[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema.required) ? schema.required as string[] : []);
  return Object.entries(properties).map(([name, prop]) => {
    const type = String(prop.type ?? "string");
    const items = (prop.items ?? {}) as Schema;
    const options = type === "array" ? optionsOf(items) : optionsOf(prop);
    const kind: Field["kind"] = type === "boolean"
      ? "boolean"
      : type === "array"
      ? "choices"
      : options.length
      ? "choice"
      : type === "number" || type === "integer"
      ? type
      : "text";
    const fallback = prop.default;
    const chosen = new Set<string>(
      Array.isArray(fallback)
        ? fallback.map(String)
        : kind === "choice" && fallback !== undefined
        ? [String(fallback)]
        : [],
    );
    return {
      name,
      title: String(prop.title ?? name),
      description: String(prop.description ?? ""),
      required: required.has(name),
      kind,
      options,
      text: fallback !== undefined && (kind === "text" || kind === "number" || kind === "integer")
        ? String(fallback)
        : "",
      checked: fallback === true,
      chosen,
      cursor: Math.max(0, options.findIndex((o) => chosen.has(o.value))),
      minimum: typeof prop.minimum === "number" ? prop.minimum : undefined,
      maximum: typeof prop.maximum === "number" ? prop.maximum : undefined,
    };
  });
}

/** The options of an enum: `enum` (labels from `enumNames`), or `oneOf`/`anyOf` of `{const, title}`. */
function optionsOf(schema: Schema): Option[] {
  if (Array.isArray(schema.enum)) {
    const names = Array.isArray(schema.enumNames) ? schema.enumNames : [];
    return schema.enum.map((v, i) => ({ value: String(v), label: String(names[i] ?? v) }));
  }
  const list = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (!Array.isArray(list)) return [];
  return list.filter((o) => o.const !== undefined).map((o) => ({
    value: String(o.const),
    label: String(o.title ?? o.const),
  }));
}
