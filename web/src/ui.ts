// The app's little UI kernel: shared screen state, HTML from strings, form and click
// wiring, and a coalesced render. Plain DOM: the point is the SDK, not a framework.
import { SyncGateError, type SessionLimitError } from "@syncgate/client";

export type View = "data" | "variables" | "trash" | "devices" | "transfer";

export const app = document.querySelector<HTMLElement>("#app")!;

export const state: {
  view: View;
  message: string;
  /** a sign-in stopped at the device limit, waiting for the user to pick a device to sign out */
  limit: SessionLimitError | undefined;
  collection: string | null;
  request: string | null;
  environment: string | null;
} = { view: "data", message: "", limit: undefined, collection: null, request: null, environment: null };

export const h = (html: string) => {
  const t = document.createElement("template");
  t.innerHTML = html.trim();
  return t.content;
};
export const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export const field = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
export const checked = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement).checked;
export const messageLine = () => `<p class="error" id="message">${esc(state.message)}</p>`;

/** Runs an action, showing a typed SDK error as the screen's message, then re-renders. Whether it succeeded. */
async function act(action: () => Promise<void> | void): Promise<boolean> {
  let ok = true;
  try {
    state.message = "";
    await action();
  } catch (error) {
    ok = false;
    state.message = error instanceof SyncGateError ? error.message : String(error);
  }
  render();
  return ok;
}

/** Wires every `form[name=…]` (there may be one per row) to a submit handler. */
export function onSubmit(form: string, handler: (f: HTMLFormElement) => Promise<void> | void) {
  app.querySelectorAll<HTMLFormElement>(`form[name="${form}"]`).forEach((f) =>
    f.addEventListener("submit", (e) => {
      e.preventDefault();
      // a submitted form starts empty again; a refused one keeps what the user typed
      void act(() => handler(f)).then((ok) => ok && f.reset());
    }),
  );
}

/** Wires every element carrying `data-<attribute>` to a click handler given its value. */
export function onClick(attribute: string, handler: (value: string) => Promise<void> | void) {
  app.querySelectorAll<HTMLElement>(`[data-${attribute}]`).forEach((el) =>
    el.addEventListener("click", (e) => {
      e.preventDefault();
      void act(() => handler(el.getAttribute(`data-${attribute}`)!));
    }),
  );
}

let draw: () => void = () => undefined;
let scheduled = false;
export function setScreen(fn: () => void) {
  draw = fn;
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
/** A field's identity across redraws: its form (name, and kind and id for per-row forms) and its name. */
const fieldKey = (el: Field) => [el.form?.getAttribute("name"), el.form?.dataset["kind"], el.form?.dataset["id"], el.name].join("|");
const fields = () => Array.from(app.querySelectorAll<Field>("input, select, textarea")).filter((el) => el.name && el.type !== "file");
/** What the user changed and has not submitted: a field's value differs from what the screen drew. */
function typed(el: Field): string | boolean | undefined {
  if (el instanceof HTMLSelectElement) return el.selectedIndex !== Math.max(0, Array.from(el.options).findIndex((o) => o.defaultSelected)) ? el.value : undefined;
  if (el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio")) return el.checked !== el.defaultChecked ? el.checked : undefined;
  return el.value !== el.defaultValue ? el.value : undefined;
}

/**
 * Redraws once per microtask, keeping what the user is typing: unsubmitted values and the
 * focus are put back into the redrawn fields, so a change arriving from another device (or
 * a status change) never resets a form being filled in. Submitting a form resets it.
 */
export function render() {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    const kept = new Map<string, string | boolean>();
    for (const el of fields()) {
      const value = typed(el);
      if (value !== undefined) kept.set(fieldKey(el), value);
    }
    const active = document.activeElement;
    const focus = active && app.contains(active) && "form" in active ? { key: fieldKey(active as Field), at: (active as HTMLInputElement).selectionStart } : undefined;
    draw();
    for (const el of fields()) {
      const key = fieldKey(el);
      const value = kept.get(key);
      if (typeof value === "boolean") (el as HTMLInputElement).checked = value;
      else if (value !== undefined && (!(el instanceof HTMLSelectElement) || Array.from(el.options).some((o) => o.value === value))) el.value = value;
      if (focus?.key === key) {
        el.focus();
        if (focus.at !== null && el instanceof HTMLInputElement && el.type === "text") el.setSelectionRange(focus.at, focus.at);
      }
    }
  });
}
