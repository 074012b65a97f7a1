/**
 * @module
 * What a `tern plugin` subcommand gets besides its arguments (the table in `subcommands.ts`
 * runs each; each subcommand's module imports only this).
 */
import type { FrontEnd } from "../../kernel/mod.ts";

/** What a subcommand gets besides its arguments. */
export interface SubcommandContext {
  runtime: FrontEnd;
  /** Prints a line for the user (stdout). */
  out(line: string): void;
  /** Prints a problem (stderr). */
  err(line: string): void;
}
