// Reading an import file: JSON text or an object, checked against a format schema into
// an ImportError that names where the problem is.
import type { z } from "zod";
import { ImportError, formatPath } from "./errors.js";

/** Text with NUL bytes, or mostly control characters, is no JSON file (an image, an archive). */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.includes("\u0000")) return true;
  const control = sample.match(/[\u0001-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  return control > sample.length / 20;
}

/** Reads JSON text, with an error that says where it broke and never echoes the input. */
export function parseJsonText(text: string): unknown {
  if (looksBinary(text)) throw new ImportError("", "this is not a text (JSON) file: export the file from Postman as JSON and import that");
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8 quotes a slice of the input in its message: keep only where it broke
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    const where = at === undefined ? "" : ` at character ${Number(at).toLocaleString("en")} of ${text.length.toLocaleString("en")}`;
    const truncated = text.trimEnd().length > 0 && at !== undefined && Number(at) >= text.trimEnd().length - 1 ? "; the file seems cut short" : "";
    throw new ImportError("", `not valid JSON${where}${truncated}`);
  }
}

export function parseFile<S extends z.ZodType>(input: unknown, schema: S, options: { precheck?: (json: unknown) => void; hint?: string } = {}): z.output<S> {
  const json = typeof input === "string" ? parseJsonText(input) : input;
  options.precheck?.(json);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = deepest(parsed.error.issues[0]!);
    throw new ImportError(formatPath(issue.path), `${issue.message}${options.hint ?? ""}`);
  }
  // the file as it is, not zod's copy: that one lists known keys first, and the file's own
  // key order is what an export must give back (the format schemas check, never transform)
  return json as z.output<S>;
}

/**
 * For a value matching none of a union's shapes (a request is a URL string or an object),
 * the problem inside the shape that got furthest, with its full path: "request.method:
 * expected string", not "request: invalid input".
 */
function deepest(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  if (issue.code !== "invalid_union" || issue.errors.length === 0) return issue;
  const candidates = issue.errors.flat().map((inner) => {
    const found = deepest(inner);
    return { path: [...issue.path, ...found.path], message: found.message };
  });
  return candidates.reduce((best, c) => (c.path.length > best.path.length ? c : best), { path: issue.path, message: issue.message });
}
