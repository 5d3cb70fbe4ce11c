// Answers that must not reveal whether an account exists take at least a fixed time,
// so "no such user" (fast) and "wrong password" (a hash check) look alike from outside.
export const MIN_ANSWER_MS = 400;

export async function atLeast<T>(startedAt: number, work: Promise<T>, minMs = MIN_ANSWER_MS): Promise<T> {
  const settled = await work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const wait = startedAt + minMs + Math.random() * 50 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (!settled.ok) throw settled.error;
  return settled.value;
}
