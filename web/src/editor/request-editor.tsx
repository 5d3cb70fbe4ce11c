// The request editor: name, method and URL, then Params, Headers (with header presets to
// insert), Body in every mode, Auth by type, Scripts and Description. The form is a draft
// over the synced request: other devices' changes come in under the user's edits, and a
// change to a field being edited is a conflict the user resolves (see ui/draft.ts).
import { AUTH_TYPES, BODY_MODES, type Auth, type Body, type Entity, type KeyValue } from "@syncgate/client";
import { useEntities } from "@syncgate/client/react";
import { useState } from "react";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";
import { DraftForm } from "../ui/draft-form.js";
import { useDraft } from "../ui/use-draft.js";
import { shift } from "./item-pane.js";
import { KeyValueTable } from "./key-value-table.js";
import { queryAfterTextEdit, withQuery } from "./url-query.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const RAW_LANGUAGES = ["text", "json", "javascript", "html", "xml"];
/** the attributes a new auth of a type starts with (Postman's names) */
const AUTH_STARTS: Partial<Record<Auth["type"], string[]>> = {
  basic: ["username", "password"],
  bearer: ["token"],
  apikey: ["key", "value", "in"],
  digest: ["username", "password"],
  oauth2: ["accessToken", "addTokenTo"],
  jwt: ["algorithm", "secret", "payload"],
};
const SECTIONS = ["Params", "Headers", "Body", "Auth", "Scripts", "Description"] as const;
type Section = (typeof SECTIONS)[number];

type Request = Entity<"requests">;
const formOf = (r: Request) => ({ name: r.name, method: r.method, url: r.url, headers: r.headers, body: r.body ?? null, auth: r.auth ?? null, events: r.events ?? [], description: r.description ?? "" });
type RequestForm = ReturnType<typeof formOf>;
type Event = NonNullable<Request["events"]>[number];

function BodyEditor({ body, onChange }: { body: Body | null; onChange: (b: Body) => void }) {
  const mode = body?.mode ?? "none";
  const set = (patch: Partial<Body>) => onChange({ ...body, ...patch });
  const options = (body?.options ?? {}) as { raw?: { language?: string } };
  return (
    <div className="body-editor" data-mode={mode}>
      <div className="modes">
        {BODY_MODES.map((m) => (
          <label key={m}>
            <input type="radio" name="body-mode" value={m} checked={m === mode} onChange={() => set({ mode: m })} /> {m === "formdata" ? "form-data" : m === "urlencoded" ? "x-www-form-urlencoded" : m === "file" ? "binary" : m}
          </label>
        ))}
      </div>
      {mode === "raw" && (
        <>
          <select name="language" value={options.raw?.language ?? "text"} onChange={(e) => set({ options: { ...body?.options, raw: { ...options.raw, language: e.target.value } } })}>
            {RAW_LANGUAGES.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
          <textarea name="raw" rows={10} spellCheck={false} value={body?.raw ?? ""} onChange={(e) => set({ raw: e.target.value })} />
        </>
      )}
      {mode === "urlencoded" && <KeyValueTable name="urlencoded" rows={body?.urlencoded ?? []} onChange={(urlencoded) => set({ urlencoded })} />}
      {mode === "formdata" && (
        <KeyValueTable
          name="formdata"
          rows={body?.formdata ?? []}
          onChange={(formdata) => set({ formdata })}
          fixedValue={(row) => ((row as { type?: string }).type === "file" ? `file: ${String((row as { src?: unknown }).src ?? "(none chosen)")}` : undefined)}
        />
      )}
      {mode === "graphql" && (
        <>
          <textarea name="query" rows={8} placeholder="query" spellCheck={false} value={body?.graphql?.query ?? ""} onChange={(e) => set({ graphql: { ...body?.graphql, query: e.target.value } })} />
          <textarea name="variables" rows={4} placeholder="variables (JSON)" spellCheck={false} value={body?.graphql?.variables ?? ""} onChange={(e) => set({ graphql: { ...body?.graphql, variables: e.target.value } })} />
        </>
      )}
      {mode === "file" && (
        <p className="note" id="binary-body">
          Binary body: {body?.file?.src ? <code>{body.file.src}</code> : "no file chosen"}. The file itself stays on the device that picked it; only its path syncs.
        </p>
      )}
      {mode === "none" && <p className="note">This request sends no body.</p>}
    </div>
  );
}

function AuthEditor({ auth, onChange }: { auth: Auth | null; onChange: (a: Auth | null) => void }) {
  const type = auth?.type;
  const attributes = type ? (((auth as Record<string, unknown>)[type] as KeyValue[] | undefined) ?? []) : [];
  return (
    <div className="auth-editor">
      <select
        name="auth-type"
        value={type ?? "inherit"}
        onChange={(e) => {
          const t = e.target.value as Auth["type"] | "inherit";
          if (t === "inherit") return onChange(null);
          const existing = (auth as Record<string, unknown> | null)?.[t];
          onChange({ ...auth, type: t, [t]: existing ?? (AUTH_STARTS[t] ?? []).map((key) => ({ key, value: "", type: "string" })) });
        }}
      >
        <option value="inherit">inherit from parent</option>
        {AUTH_TYPES.map((t) => (
          <option key={t} value={t}>
            {t === "noauth" ? "no auth" : t}
          </option>
        ))}
      </select>
      {type && type !== "noauth" && <KeyValueTable name="auth" rows={attributes} onChange={(rows) => onChange({ ...auth, type, [type]: rows })} />}
    </div>
  );
}

const scriptText = (events: Event[], listen: string) => {
  const exec = events.find((e) => e.listen === listen)?.script?.exec;
  return Array.isArray(exec) ? exec.join("\n") : (exec ?? "");
};
function withScript(events: Event[], listen: string, text: string): Event[] {
  const exec = text.split("\n");
  const found = events.some((e) => e.listen === listen);
  if (!found) return [...events, { listen, script: { type: "text/javascript", exec } }];
  return events.map((e) => (e.listen === listen ? { ...e, script: { ...e.script, exec } } : e));
}

function PresetPicker({ onInsert }: { onInsert: (headers: readonly KeyValue[]) => void }) {
  const presets = useEntities("headerPresets");
  const [chosen, setChosen] = useState("");
  if (presets.length === 0) return null;
  return (
    <span className="preset-picker">
      <select name="preset" value={chosen} onChange={(e) => setChosen(e.target.value)}>
        <option value="">header preset…</option>
        {presets.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="button" data-insert-preset disabled={!chosen} onClick={() => onInsert(presets.find((p) => p.id === chosen)?.headers ?? [])}>
        Insert
      </button>
    </span>
  );
}

export function RequestEditor({ request }: { request: Request }) {
  const { run, remove } = useNotices();
  const draft = useDraft(request.id, request, formOf);
  const [section, setSection] = useState<Section>("Params");
  const form = draft.value;
  const set = (patch: Partial<RequestForm>) => draft.set(patch);
  const query = form.url.query ?? [];
  return (
    <section id="request-editor">
      {request.readOnly && <p className="note">This request was saved by a newer version of the app: update the app to edit it.</p>}
      <DraftForm name="edit-request" draft={draft} save={() => client.requests.update(request.id, draft.changes())}>
        <div className="request-line">
          <input name="name" value={form.name} onChange={(e) => set({ name: e.target.value })} required />
          <button disabled={!draft.dirty}>Save</button>
          <button type="button" disabled={!draft.dirty} onClick={draft.discard}>
            Discard
          </button>
          <button type="button" title="move up" onClick={() => void run(() => shift("requests", request, -1))}>
            ↑
          </button>
          <button type="button" title="move down" onClick={() => void run(() => shift("requests", request, 1))}>
            ↓
          </button>
          <button type="button" className="danger" data-delete="requests" onClick={() => remove("requests", request.id, request.name)}>
            Delete
          </button>
          {request.pending && <em> not synced yet</em>}
        </div>
        <div className="request-line">
          <select name="method" value={form.method} onChange={(e) => set({ method: e.target.value })}>
            {[...new Set([...METHODS, form.method])].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          <input name="url" className="url" value={form.url.raw} onChange={(e) => set({ url: { raw: e.target.value, query: queryAfterTextEdit(e.target.value, query) } })} />
        </div>
        <nav className="sections">
          {SECTIONS.map((s) => (
            <button type="button" key={s} data-section={s} aria-selected={s === section} onClick={() => setSection(s)}>
              {s}
              {s === "Params" && query.length ? ` (${query.length})` : ""}
              {s === "Headers" && form.headers.length ? ` (${form.headers.length})` : ""}
            </button>
          ))}
        </nav>
        {section === "Params" && <KeyValueTable name="params" rows={query} onChange={(rows) => set({ url: { ...form.url, raw: withQuery(form.url.raw, rows), query: rows } })} />}
        {section === "Headers" && (
          <>
            <KeyValueTable name="headers" rows={form.headers} onChange={(headers) => set({ headers })} />
            <PresetPicker onInsert={(headers) => set({ headers: [...form.headers, ...headers] })} />
          </>
        )}
        {section === "Body" && <BodyEditor body={form.body} onChange={(body) => set({ body })} />}
        {section === "Auth" && <AuthEditor auth={form.auth} onChange={(auth) => set({ auth })} />}
        {section === "Scripts" && (
          <div className="scripts">
            <label>
              Pre-request script
              <textarea name="prerequest" rows={6} spellCheck={false} value={scriptText(form.events, "prerequest")} onChange={(e) => set({ events: withScript(form.events, "prerequest", e.target.value) })} />
            </label>
            <label>
              Tests
              <textarea name="test" rows={6} spellCheck={false} value={scriptText(form.events, "test")} onChange={(e) => set({ events: withScript(form.events, "test", e.target.value) })} />
            </label>
          </div>
        )}
        {section === "Description" && <textarea name="description" rows={8} value={form.description} onChange={(e) => set({ description: e.target.value })} />}
      </DraftForm>
    </section>
  );
}
