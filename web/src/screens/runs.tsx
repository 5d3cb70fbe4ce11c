// Collection run results (newman reports imported, or runs synced from another app): per
// collection, each run's totals, and per request its response and each assertion's
// outcome. Results kept in chunks load on demand.
import type { Entity } from "@syncgate/client";
import { useEntities } from "@syncgate/client/react";
import { useState } from "react";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";
import { BlobLoader, useBlobText } from "../ui/blob-text.js";
import { DraftForm } from "../ui/draft-form.js";
import { useDraft } from "../ui/use-draft.js";

type Run = Entity<"runs">;
interface Execution {
  item?: { name?: string };
  response?: { code?: number; status?: string; responseTime?: number };
  assertions?: { assertion?: string; skipped?: boolean; error?: { message?: string } }[];
}
interface Totals {
  total?: number;
  failed?: number;
}

function Results({ executions }: { executions: Execution[] }) {
  return (
    <table className="results" id="run-results">
      <thead>
        <tr>
          <th>Request</th>
          <th>Response</th>
          <th>Assertions</th>
        </tr>
      </thead>
      <tbody>
        {executions.map((x, i) => {
          const failed = (x.assertions ?? []).filter((a) => a.error).length;
          return (
            <tr key={i} className={failed ? "failed" : "passed"}>
              <td>{x.item?.name ?? "(unnamed)"}</td>
              <td>{x.response ? `${x.response.code ?? ""} ${x.response.status ?? ""}${x.response.responseTime != null ? `, ${x.response.responseTime} ms` : ""}` : "no response"}</td>
              <td>
                <ul>
                  {(x.assertions ?? []).map((a, j) => (
                    <li key={j} className={a.error ? "fail" : a.skipped ? "skip" : "pass"}>
                      {a.error ? "✗" : a.skipped ? "–" : "✓"} {a.assertion}
                      {a.error?.message && <small> {a.error.message}</small>}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RunDetail({ run }: { run: Run }) {
  const { remove } = useNotices();
  const draft = useDraft(run.id, run, (r) => ({ name: r.name }));
  const blob = useBlobText(run.resultsBlob);
  const stats = run.stats as Record<string, Totals | undefined>;
  const executions = run.resultsBlob ? (blob.text ? (JSON.parse(blob.text) as Execution[]) : undefined) : ((run.results ?? []) as Execution[]);
  return (
    <div id="run-detail">
      <DraftForm name="edit-run" draft={draft} save={() => client.runs.update(run.id, draft.changes())}>
        <input name="name" value={draft.value.name} onChange={(e) => draft.set({ name: e.target.value })} required />
        <button disabled={!draft.dirty}>Save</button>
        <button type="button" className="danger" onClick={() => remove("runs", run.id, run.name)}>
          Delete
        </button>
      </DraftForm>
      <p id="run-stats">
        Started {new Date(run.startedAt).toLocaleString()}
        {run.finishedAt ? `, took ${((run.finishedAt - run.startedAt) / 1000).toFixed(1)} s` : ""}.{" "}
        {(["requests", "assertions"] as const).map((k) => (
          <span key={k} className={stats[k]?.failed ? "fail" : "pass"}>
            {k}: {(stats[k]?.total ?? 0) - (stats[k]?.failed ?? 0)} passed, {stats[k]?.failed ?? 0} failed.{" "}
          </span>
        ))}
      </p>
      {executions ? <Results executions={executions} /> : run.resultsBlob && <BlobLoader blob={run.resultsBlob} label="Results" load={blob.load} error={blob.error} />}
    </div>
  );
}

export function RunsScreen() {
  const runs = useEntities("runs");
  const collections = useEntities("collections", { includeDeleted: true });
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = runs.find((r) => r.id === chosen) ?? runs[0];
  const byCollection = new Map<string, Run[]>();
  for (const r of [...runs].sort((a, b) => b.startedAt - a.startedAt)) (byCollection.get(r.collectionId) ?? byCollection.set(r.collectionId, []).get(r.collectionId)!).push(r);
  if (runs.length === 0) return <p className="empty">No run results yet: import a newman JSON report (Import / export).</p>;
  return (
    <section id="runs" className="split">
      <ul className="run-list">
        {[...byCollection].map(([collectionId, list]) => (
          <li key={collectionId}>
            <b>{collections.find((c) => c.id === collectionId)?.name ?? `${list[0]!.name} (collection not imported)`}</b>
            <ul>
              {list.map((r) => {
                const failed = (r.stats as Record<string, Totals | undefined>)["assertions"]?.failed ?? 0;
                return (
                  <li key={r.id} className={r.id === selected?.id ? "selected" : ""}>
                    <button data-run={r.id} onClick={() => setChosen(r.id)}>
                      {r.name} <small className={failed ? "fail" : "pass"}>{failed ? `${failed} failed` : "all passed"}</small>
                    </button>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
      {selected && <RunDetail key={selected.id} run={selected} />}
    </section>
  );
}
