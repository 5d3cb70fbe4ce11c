// Postman import (any of the four file kinds, with progress and a result line) and
// export. The import's state lives here, not in the DOM: a redraw (a status change, a
// change from another device) shows it as it is instead of wiping it.
import { AlreadyImportedError, describeImport, SyncGateError } from "@syncgate/client";
import { client } from "../firebase.js";
import { app, esc, h, onClick, render } from "../ui.js";

interface ImportState {
  file: string;
  text: string;
  done: number;
  total: number;
  running: boolean;
  result: string;
  failed: boolean;
  /** set when the file was imported before: the user picks replace or copy */
  again: AlreadyImportedError | undefined;
}

let current: ImportState | undefined;

async function runImport(state: ImportState, onExisting?: "replace" | "copy") {
  Object.assign(state, { running: true, done: 0, total: 0, result: "", failed: false, again: undefined });
  render();
  try {
    const result = await client.postman.importFile(state.text, {
      onProgress: ({ done, total }) => {
        Object.assign(state, { done, total });
        const bar = app.querySelector<HTMLProgressElement>("#import-progress");
        if (bar) bar.value = total ? done / total : 1;
      },
      ...(onExisting ? { onExisting } : {}),
    });
    state.result = `${state.file}: imported ${describeImport(result)}`;
  } catch (error) {
    state.failed = true;
    if (error instanceof AlreadyImportedError) state.again = error;
    state.result = `${state.file}: ${error instanceof AlreadyImportedError ? "imported before" : "not imported"}: ${error instanceof SyncGateError ? error.message : String(error)}`;
  } finally {
    state.running = false;
    render();
  }
}

export function transferScreen() {
  const s = current;
  const progress = s ? (s.total ? s.done / s.total : s.running ? 0 : 1) : 0;
  app.replaceChildren(
    h(`<section><h2>Import a Postman file</h2>
      <p>A collection (v2.0 or v2.1), an environment, globals or a newman JSON report.</p>
      <input type="file" id="import-file" accept=".json,application/json" ${s?.running ? "disabled" : ""} />
      <progress id="import-progress" value="${progress}" max="1"></progress>
      <span id="import-status">${s?.running ? `importing ${esc(s.file)}…` : ""}</span>
      <p id="import-result" class="${s?.failed ? "error" : "ok"}">${esc(s?.result ?? "")}</p>
      ${s?.again ? `<p><button data-again="replace">Replace it (the old one goes to the trash)</button> <button data-again="copy">Keep both</button></p>` : ""}
    </section>
    <section><h2>Export</h2><ul>${[
      ...client.collections.list().map((c) => `<li>Collection ${esc(c.name)} <button data-export="collection:${c.id}">Download</button></li>`),
      ...client.environments.list().map((e) => `<li>Environment ${esc(e.name)} <button data-export="environment:${e.id}">Download</button></li>`),
      `<li>Globals <button data-export="globals:">Download</button></li>`,
    ].join("")}</ul></section>`),
  );
  app.querySelector<HTMLInputElement>("#import-file")!.addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    current = { file: file.name, text: await file.text(), done: 0, total: 0, running: false, result: "", failed: false, again: undefined };
    await runImport(current);
  });
  onClick("again", (choice) => (current ? runImport(current, choice as "replace" | "copy") : undefined));
  onClick("export", async (ref) => {
    const [kind, id] = ref.split(":") as [string, string];
    const json = kind === "collection" ? await client.postman.exportCollection(id) : kind === "environment" ? await client.postman.exportEnvironment(id) : await client.postman.exportGlobals();
    const name = kind === "collection" ? (json["info"] as { name: string }).name : kind === "environment" ? String(json["name"]) : "globals";
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([`${JSON.stringify(json, null, 2)}\n`], { type: "application/json" }));
    a.download = `${name}.postman_${kind}.json`;
    a.click();
  });
}
