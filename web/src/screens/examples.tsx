// A request's saved examples (saved responses): status, headers and body, a large body
// loaded from its chunks on demand; add one, edit it, delete it.
import type { Entity } from "@syncgate/client";
import { useEntities, useEntity } from "@syncgate/client/react";
import { KeyValueTable } from "../editor/key-value-table.js";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";
import { BlobLoader, useBlobText } from "../ui/blob-text.js";
import { DraftForm } from "../ui/draft-form.js";
import { useDraft } from "../ui/use-draft.js";

type Example = Entity<"responses">;
const formOf = (r: Example) => ({ name: r.name, code: r.code ?? null, status: r.status ?? "", headers: r.headers, body: r.body ?? "" });

function ExampleCard({ example }: { example: Example }) {
  const { remove } = useNotices();
  const draft = useDraft(example.id, example, formOf);
  const blob = useBlobText(example.bodyBlob);
  const form = draft.value;
  return (
    <li className="example" data-example={example.id}>
      <DraftForm name="edit-example" draft={draft} save={() => client.responses.update(example.id, draft.changes())}>
        <div className="request-line">
          <input name="name" value={form.name} onChange={(e) => draft.set({ name: e.target.value })} required />
          <input name="code" type="number" min={0} max={999} className="code" value={form.code ?? ""} onChange={(e) => draft.set({ code: e.target.value === "" ? null : Number(e.target.value) })} />
          <input name="status" placeholder="status" value={form.status} onChange={(e) => draft.set({ status: e.target.value })} />
          <button disabled={!draft.dirty}>Save</button>
          <button type="button" className="danger" onClick={() => remove("responses", example.id, example.name)}>
            Delete
          </button>
          {example.responseTime != null && <small>{example.responseTime} ms</small>}
        </div>
        <details>
          <summary>Headers ({form.headers.length})</summary>
          <KeyValueTable name="example-headers" rows={form.headers} onChange={(headers) => draft.set({ headers })} />
        </details>
        {example.bodyBlob ? (
          blob.text !== undefined ? (
            <pre className="body" data-body="loaded">
              {blob.text}
            </pre>
          ) : (
            <BlobLoader blob={example.bodyBlob} label="Body" load={blob.load} error={blob.error} />
          )
        ) : (
          <textarea name="body" rows={6} spellCheck={false} value={form.body} onChange={(e) => draft.set({ body: e.target.value })} />
        )}
      </DraftForm>
    </li>
  );
}

export function ExamplesScreen({ requestId }: { requestId: string | null }) {
  const request = useEntity("requests", requestId);
  const examples = useEntities("responses", { where: { requestId: requestId ?? "" } });
  const { onCreate } = useNotices();
  if (!request || request.deleted) return <p className="empty">Select a request in the sidebar to see its saved examples.</p>;
  const add = onCreate((field) => {
    const value = (name: string) => field(name).value;
    client.responses.create({ requestId: request.id, collectionId: request.collectionId, name: value("name"), code: Number(value("code")) || null, status: value("status") || null, headers: [], body: value("body") });
  });
  return (
    <section id="examples">
      <h2>Examples of {request.name}</h2>
      <ul className="examples">
        {examples.map((x) => (
          <ExampleCard key={x.id} example={x} />
        ))}
      </ul>
      {examples.length === 0 && <p className="empty">No saved examples yet.</p>}
      <form name="new-example" onSubmit={add}>
        <input name="name" placeholder="example name" required />
        <input name="code" type="number" placeholder="200" className="code" />
        <input name="status" placeholder="OK" />
        <textarea name="body" rows={3} placeholder="body" />
        <button>Add example</button>
      </form>
    </section>
  );
}
