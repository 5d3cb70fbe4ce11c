import { systemClock, sleep, type Clock } from "./clock.js";

/**
 * Runs a server read until it succeeds or fails for a reason `retryable` does not name
 * (by default "unavailable": right after a start or reconnect the SDK may still count
 * itself offline and refuse server reads). Backs off up to 5 s; resolves undefined once
 * `active()` turns false.
 */
export async function whileUnavailable<T>(
  attempt: () => Promise<T>,
  active: () => boolean,
  clock: Clock = systemClock,
  retryable: (code: unknown) => boolean = (code) => code === "unavailable",
): Promise<T | undefined> {
  for (let delay = 200; active(); delay = Math.min(delay * 2, 5_000)) {
    try {
      return await attempt();
    } catch (e) {
      if (!retryable((e as { code?: unknown }).code)) throw e;
    }
    await sleep(clock, delay);
  }
  return undefined;
}
