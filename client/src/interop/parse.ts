// Reading an import file: JSON text or an object, checked against a format schema into
// an ImportError that names where the problem is.
import type { z } from "zod";
import { ImportError, formatPath } from "./errors.js";

export function parseFile<S extends z.ZodType>(input: unknown, schema: S, options: { precheck?: (json: unknown) => void; hint?: string } = {}): z.output<S> {
  let json = input;
  if (typeof input === "string") {
    try {
      json = JSON.parse(input);
    } catch (e) {
      throw new ImportError("", `not valid JSON (${(e as Error).message}); the file may be truncated`);
    }
  }
  options.precheck?.(json);
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = deepest(parsed.error.issues[0]!);
    throw new ImportError(formatPath(issue.path), `${issue.message}${options.hint ?? ""}`);
  }
  return parsed.data;
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
