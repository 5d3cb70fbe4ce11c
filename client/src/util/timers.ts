// Background timers of a session (heartbeats, stall checks, audits) must not keep a Node
// process alive; in browsers timers have no unref.
export function unrefTimer<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
