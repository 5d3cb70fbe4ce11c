/** Polls `check` until it returns a truthy value, or fails after `timeoutMs` naming `what`. */
export async function waitUntil<T>(what: string, check: () => T | Promise<T>, timeoutMs = 15_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Subscribes through `subscribe` and resolves with the first value that satisfies
 * `predicate`; unsubscribes either way. Rejects on listener error or timeout.
 */
export function waitForValue<T>(
  what: string,
  subscribe: (next: (value: T) => void, error: (e: Error) => void) => () => void,
  predicate: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let last: T | undefined;
    let done = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // A listener may fire synchronously during subscribe; unsubscribe once it returns.
      queueMicrotask(() => unsubscribe?.());
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`))),
      timeoutMs,
    );
    unsubscribe = subscribe(
      (value) => {
        last = value;
        if (predicate(value)) finish(() => resolve(value));
      },
      (e) => finish(() => reject(e)),
    );
    if (done) unsubscribe();
  });
}
