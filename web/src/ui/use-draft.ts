// A form's draft over a synced item as React state (see draft.ts): it follows the item
// while untouched, keeps the user's edits while the item changes elsewhere, and shows a
// conflict when a change clashes with them. Another item (another key) starts a new draft.
import { useState } from "react";
import { changed, dirty, edit, incoming, resolve, startDraft, type Draft } from "./draft.js";

/** `source` is the entity (its identity changes with every change); `fields` picks what the form edits. */
export function useDraft<S, T extends object>(key: string, source: S, fields: (source: S) => T) {
  const [state, setState] = useState(() => ({ key, source, draft: startDraft(fields(source)) }));
  let current = state;
  // state that follows a prop, derived during render (React's pattern for it)
  if (state.key !== key || state.source !== source) {
    current = { key, source, draft: state.key !== key ? startDraft(fields(source)) : incoming(state.draft, fields(source)) };
    setState(current);
  }
  const draft: Draft<T> = current.draft;
  const update = (next: (d: Draft<T>) => Draft<T>) => setState((s) => ({ ...s, draft: next(s.draft) }));
  return {
    value: draft.value,
    theirs: draft.theirs,
    dirty: dirty(draft),
    changes: () => changed(draft),
    set: (patch: Partial<T>) => update((d) => edit(d, patch)),
    discard: () => update(() => startDraft(fields(current.source))),
    keep: (which: "mine" | "theirs") => update((d) => resolve(d, which)),
  };
}
