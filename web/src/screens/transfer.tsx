// Postman import (a collection v2.0/v2.1, an environment, globals or a newman JSON report)
// with progress and a result, and export of collections, environments, globals and runs.
import { AlreadyImportedError, describeImport, SyncGateError } from "@syncgate/client";
import { useEntities } from "@syncgate/client/react";
import { useState } from "react";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";

interface ImportState {
  file: string;
  text: string;
  done: number;
  total: number;
  running: boolean;
  result: string;
  failed: boolean;
  /** set when the file was imported before: the user picks replace or copy */
  again: boolean;
}

// kept outside the component: an import runs on while the user looks at another tab
let lastImport: ImportState | undefined;

function download(name: string, json: unknown) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([`${JSON.stringify(json, null, 2)}\n`], { type: "application/json" }));
  a.download = name;
  a.click();
}

export function TransferScreen() {
  const [state, setState] = useState<ImportState | undefined>(lastImport);
  const collections = useEntities("collections");
  const environments = useEntities("environments");
  const runs = useEntities("runs");
  const { run } = useNotices();
  const update = (patch: Partial<ImportState>) =>
    setState((s) => {
      lastImport = s && { ...s, ...patch };
      return lastImport;
    });

  const start = async (file: string, text: string, onExisting?: "replace" | "copy") => {
    lastImport = { file, text, done: 0, total: 0, running: true, result: "", failed: false, again: false };
    setState(lastImport);
    try {
      const result = await client.postman.importFile(text, { onProgress: ({ done, total }) => update({ done, total }), ...(onExisting ? { onExisting } : {}) });
      update({ running: false, result: `${file}: imported ${describeImport(result)}` });
    } catch (error) {
      const again = error instanceof AlreadyImportedError;
      update({ running: false, failed: true, again, result: `${file}: ${again ? "imported before" : "not imported"}: ${error instanceof SyncGateError ? error.message : String(error)}` });
    }
  };
  const progress = state ? (state.total ? state.done / state.total : state.running ? 0 : 1) : 0;
  return (
    <>
      <section>
        <h2>Import a Postman file</h2>
        <p>A collection (v2.0 or v2.1), an environment, globals or a newman JSON report.</p>
        <input
          type="file"
          id="import-file"
          accept=".json,application/json"
          disabled={state?.running}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) await start(file.name, await file.text());
          }}
        />
        <progress id="import-progress" value={progress} max={1} />
        <span id="import-status">{state?.running ? `importing ${state.file}… ${state.total ? `${state.done} of ${state.total}` : ""}` : ""}</span>
        <p id="import-result" className={state?.failed ? "error" : "ok"}>
          {state?.result}
        </p>
        {state?.again && (
          <p>
            <button data-again="replace" onClick={() => void start(state.file, state.text, "replace")}>
              Replace it (the old one goes to the trash)
            </button>{" "}
            <button data-again="copy" onClick={() => void start(state.file, state.text, "copy")}>
              Keep both
            </button>
          </p>
        )}
      </section>
      <section>
        <h2>Export</h2>
        <ul>
          {collections.map((c) => (
            <li key={c.id}>
              Collection {c.name} <button data-export={`collection:${c.id}`} onClick={() => void run(async () => download(`${c.name}.postman_collection.json`, await client.postman.exportCollection(c.id)))}>Download</button>
            </li>
          ))}
          {environments.map((env) => (
            <li key={env.id}>
              Environment {env.name} <button data-export={`environment:${env.id}`} onClick={() => void run(async () => download(`${env.name}.postman_environment.json`, await client.postman.exportEnvironment(env.id)))}>Download</button>
            </li>
          ))}
          {runs.map((r) => (
            <li key={r.id}>
              Run {r.name} <button data-export={`run:${r.id}`} onClick={() => void run(async () => download(`${r.name}.newman.json`, await client.postman.exportNewmanRun(r.id)))}>Download</button>
            </li>
          ))}
          <li>
            Globals <button data-export="globals:" onClick={() => void run(async () => download("globals.postman_globals.json", await client.postman.exportGlobals()))}>Download</button>
          </li>
        </ul>
      </section>
    </>
  );
}
