// A form's local state over a synced item. Edits stay on screen while the item changes
// elsewhere: a change to fields the user did not touch is taken in under the edits; a
// change to a field the user edited differently is a conflict the user resolves. Fields
// compare as the SDK's update() compares them, so "changed" here is what it would send.
import { deepEqual } from "@syncgate/client";

export interface Draft<T extends object> {
  /** the item's version the edits started from */
  base: T;
  /** what the form shows: base with the user's edits */
  value: T;
  /** the item's newer version, when it changed a field the user also edited */
  theirs: T | undefined;
}

const keys = <T extends object>(...objects: T[]) => [...new Set(objects.flatMap((o) => Object.keys(o)))] as (keyof T)[];

export const startDraft = <T extends object>(item: T): Draft<T> => ({ base: item, value: item, theirs: undefined });

export const edit = <T extends object>(draft: Draft<T>, patch: Partial<T>): Draft<T> => ({ ...draft, value: { ...draft.value, ...patch } });

/** The fields the user changed (what a save sends). */
export function changed<T extends object>(draft: Draft<T>): Partial<T> {
  return Object.fromEntries(keys(draft.base, draft.value).filter((k) => !deepEqual(draft.base[k], draft.value[k])).map((k) => [k, draft.value[k]])) as Partial<T>;
}

export const dirty = <T extends object>(draft: Draft<T>) => Object.keys(changed(draft)).length > 0;

/** The item changed (on this device after a save, or on another): the draft follows it. */
export function incoming<T extends object>(draft: Draft<T>, item: T): Draft<T> {
  const mine = changed(draft);
  const edited = Object.keys(mine) as (keyof T)[];
  if (edited.length === 0) return startDraft(item);
  const clash = edited.some((k) => !deepEqual(item[k], draft.base[k]) && !deepEqual(item[k], draft.value[k]));
  if (clash) return { ...draft, theirs: item };
  // their other changes come in under the user's edits (and edits they made too are no longer edits)
  return { base: item, value: { ...item, ...mine }, theirs: undefined };
}

/** The user's answer to a conflict: keep my edits over their version, or take theirs. */
export function resolve<T extends object>(draft: Draft<T>, keep: "mine" | "theirs"): Draft<T> {
  if (!draft.theirs) return draft;
  return keep === "theirs" ? startDraft(draft.theirs) : { base: draft.theirs, value: { ...draft.theirs, ...changed(draft) }, theirs: undefined };
}
