/**
 * @module
 * What the model is told about `apply_patch`: its description and the Lark grammar sent as the
 * freeform tool's `format`, so that Responses models with constrained decoding can only write a
 * well-formed patch. The grammar is the strict shape; `parser.ts` accepts a little more (padded
 * markers, a heredoc wrapper, a first chunk without `@@`), as Codex does.
 */

/**
 * The patch format as a Lark grammar (the syntax the Responses API takes for `custom` tools).
 * Written from the format's rules: one patch is a begin marker, one or more file operations, and
 * an end marker; an update is a sequence of `@@` context markers and ` `/`-`/`+` lines.
 */
export const APPLY_PATCH_LARK_GRAMMAR = `start: begin_marker operation+ end_marker
begin_marker: "*** Begin Patch" LF
end_marker: "*** End Patch" LF?

operation: add_file | delete_file | update_file

add_file: "*** Add File: " path LF added_line+
delete_file: "*** Delete File: " path LF
update_file: "*** Update File: " path LF move_to? edit?

move_to: "*** Move to: " path LF
path: /(.+)/

added_line: "+" /(.*)/ LF -> line

edit: (context_marker | edit_line)+ end_of_file?
context_marker: ("@@" | "@@ " /(.+)/) LF
edit_line: (" " | "-" | "+") /(.*)/ LF
end_of_file: "*** End of File" LF

%import common.LF
`;

/** The tool description the model reads. */
export const APPLY_PATCH_DESCRIPTION = [
  "Use the `apply_patch` tool to edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.",
  "The patch starts with `*** Begin Patch` and ends with `*** End Patch`. Between them, one or more file operations:",
  "`*** Add File: <path>` followed by the new file's lines, each prefixed with `+`;",
  "`*** Delete File: <path>`;",
  "`*** Update File: <path>` (optionally followed by `*** Move to: <new path>`), then chunks: each chunk starts",
  "with `@@` (optionally `@@ <a line near the change, such as a function or class header>`), then lines",
  "prefixed with ` ` (unchanged context), `-` (removed) or `+` (added). Give about 3 lines of context around",
  "each change; end a chunk that must match the end of the file with `*** End of File`.",
  "Paths are relative to the working directory (absolute paths are allowed). The patch applies in full or not",
  "at all.",
].join("\n");
