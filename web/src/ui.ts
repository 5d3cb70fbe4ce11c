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

/** Runs an action, showing a typed SDK error as the screen's message, then re-renders. */
async function act(action: () => Promise<void> | void) {
  try {
    state.message = "";
    await action();
  } catch (error) {
    state.message = error instanceof SyncGateError ? error.message : String(error);
  }
  render({ force: true });
}

/** Wires every `form[name=…]` (there may be one per row) to a submit handler. */
export function onSubmit(form: string, handler: (f: HTMLFormElement) => Promise<void> | void) {
  app.querySelectorAll<HTMLFormElement>(`form[name="${form}"]`).forEach((f) =>
    f.addEventListener("submit", (e) => {
      e.preventDefault();
      void act(() => handler(f));
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
let forced = false;
export function setScreen(fn: () => void) {
  draw = fn;
}

/** Whether the user has typed or ticked something not yet submitted (a redraw would lose it). */
function editing(): boolean {
  return Array.from(app.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")).some((el) =>
    el instanceof HTMLInputElement && el.type === "checkbox" ? el.checked !== el.defaultChecked : el.type !== "file" && el.value !== el.defaultValue,
  );
}

/**
 * Redraws once per microtask. Changes arriving from other devices wait while the user has
 * unsubmitted input on screen; the user's own actions (`force`) always redraw.
 */
export function render(options: { force?: boolean } = {}) {
  forced ||= options.force === true;
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    const force = forced;
    forced = false;
    if (force || !editing()) draw();
  });
}
