/**
 * @module
 * `tern plugin <subcommand> [ARGS]`: finds the subcommand in the table and runs it; with no
 * subcommand or `--help`, prints the family's help built from the table. An unknown subcommand
 * is an error that lists the known ones.
 */
import { type SubcommandContext, SUBCOMMANDS } from "./subcommands.ts";

/** Runs `tern plugin ARGS`; resolves to the exit code. */
export async function dispatch(args: string[], ctx: SubcommandContext): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    ctx.out(help());
    return name === undefined ? 2 : 0;
  }
  const subcommand = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    ctx.err(`Unknown subcommand "tern plugin ${name}" (known: ${Object.keys(SUBCOMMANDS).join(", ")})`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    ctx.out(`Usage: tern plugin ${name} ${subcommand.usage}\n\n${subcommand.summary}`);
    return 0;
  }
  return await subcommand.run(rest, ctx);
}

/** The help of the `tern plugin` family. */
export function help(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((n) => n.length));
  const rows = Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(width)}  ${s.summary}`);
  return `Usage: tern plugin <SUBCOMMAND> [ARGS]\n\nSubcommands:\n${rows.join("\n")}`;
}
