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
    const issue = parsed.error.issues[0]!;
    throw new ImportError(formatPath(issue.path), `${issue.message}${options.hint ?? ""}`);
  }
  return parsed.data;
}
