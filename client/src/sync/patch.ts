// Field-level patches. A value of REMOVED takes the field away (an upgrade to a newer
// schema version drops a renamed field); it is plain JSON, since the outbox stores
// patches, and each remote turns it into its own delete (Firestore's deleteField()).

export const REMOVED = Object.freeze({ $syncgateRemoved: true });

export const isRemoved = (value: unknown): boolean => typeof value === "object" && value !== null && (value as Record<string, unknown>)["$syncgateRemoved"] === true;

/** `target` with `patch` applied. */
export function applyPatch<T extends Record<string, unknown>>(target: T, patch: Readonly<Record<string, unknown>>): T {
  const out: Record<string, unknown> = { ...target };
  for (const key in patch) {
    if (isRemoved(patch[key])) delete out[key];
    else out[key] = patch[key];
  }
  return out as T;
}
