// The functions drop firebase-functions' per-call "verification passed" DEBUG line, and only it.
import { expect, it, vi } from "vitest";

it("the passed-verification line is dropped; other debug lines and failed verifications pass", async () => {
  const seen = vi.fn();
  console.debug = seen; // what quiet-logs wraps, loaded first as in functions/src/index.ts
  await import("../../functions/src/shared/quiet-logs.js");
  const { logger } = await import("firebase-functions");
  const labels = { "logging.googleapis.com/labels": { "firebase-log-type": "callable-request-verification" } };
  logger.debug("Callable request verification passed", { verifications: { app: "MISSING", auth: "VALID" }, ...labels });
  expect(seen).not.toHaveBeenCalled();
  logger.debug("sweep", { removed: 3 });
  expect(seen).toHaveBeenCalledTimes(1);
  expect(String(seen.mock.calls[0]![0])).toContain('"removed":3');
});
