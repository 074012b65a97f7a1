/**
 * @module
 * Fuzzy file search on the wire (Codex's `fuzzyFileSearch`, and its experimental session API
 * `fuzzyFileSearch/sessionStart|Update|Stop` with `fuzzyFileSearch/sessionUpdated|Completed`):
 * params, responses and the result shape. Codex names the result's fields in snake_case; they are
 * kept so. Zod schemas only, no logic.
 */
import { z } from "zod";
import { lazy } from "./_lazy.ts";
import { boundedArray, idString, pathString, searchString } from "./limits.ts";

/** One matching file or folder: `path` is relative to `root`; `indices` are the matched characters of `path`. */
export const FuzzyFileSearchResult = lazy(() =>
  z.object({
    root: z.string(),
    path: z.string(),
    match_type: z.enum(["file", "directory"]),
    file_name: z.string(),
    score: z.number().int().min(0),
    indices: z.array(z.number().int().min(0)).nullable().optional(),
  })
);
export type FuzzyFileSearchResult = z.infer<typeof FuzzyFileSearchResult>;

export const FuzzyFileSearchParams = lazy(() =>
  z.object({
    query: searchString(),
    roots: boundedArray(pathString()),
    /** A later request with the same token cancels this one (it then answers no files). */
    cancellationToken: idString().nullable().optional(),
  })
);
export type FuzzyFileSearchParams = z.infer<typeof FuzzyFileSearchParams>;
export const FuzzyFileSearchResponse = lazy(() => z.object({ files: z.array(FuzzyFileSearchResult) }));
export type FuzzyFileSearchResponse = z.infer<typeof FuzzyFileSearchResponse>;

export const FuzzyFileSearchSessionStartParams = lazy(() =>
  z.object({ sessionId: idString(), roots: boundedArray(pathString()) })
);
export type FuzzyFileSearchSessionStartParams = z.infer<typeof FuzzyFileSearchSessionStartParams>;
export const FuzzyFileSearchSessionUpdateParams = lazy(() =>
  z.object({ sessionId: idString(), query: searchString() })
);
export type FuzzyFileSearchSessionUpdateParams = z.infer<typeof FuzzyFileSearchSessionUpdateParams>;
export const FuzzyFileSearchSessionStopParams = lazy(() => z.object({ sessionId: idString() }));
export type FuzzyFileSearchSessionStopParams = z.infer<typeof FuzzyFileSearchSessionStopParams>;
