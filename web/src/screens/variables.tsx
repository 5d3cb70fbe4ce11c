// Environments with their variables, and globals, in the order of the file they came
// from (then as added). Secret values are masked (and encrypted by the SDK before they
// leave the device); a current value stays on this device. A value this device cannot
// decrypt shows as locked, and one kept in chunks is shown, not edited, so a save never
// blanks either.
import { isLockedSecret, type Entity } from "@syncgate/client";
import { useEntities, useUser } from "@syncgate/client/react";
import { useState } from "react";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";
import { DraftForm } from "../ui/draft-form.js";
import { localValue, setLocalValue } from "../ui/local-values.js";
import { useDraft } from "../ui/use-draft.js";

type VariableKind = "globals" | "environmentVariables";
type Variable = Entity<"globals"> | Entity<"environmentVariables">;
const inFileOrder = (a: Variable, b: Variable) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER);
const formOf = (v: Variable) => ({ key: v.key, initialValue: v.initialValue, type: v.type, enabled: v.enabled });

function VariableRow({ kind, variable }: { kind: VariableKind; variable: Variable }) {
  const { remove } = useNotices();
  const uid = useUser()?.uid ?? "";
  const draft = useDraft(variable.id, variable, formOf);
  const [reveal, setReveal] = useState(false);
  const [current, setCurrent] = useState(() => localValue(uid, variable.id) ?? "");
  const locked = isLockedSecret(variable.initialValue);
  const chunked = variable.initialValueBlob ? `${variable.initialValueBlob.chars.toLocaleString("en")} characters, kept in chunks` : null;
  const fixed = locked || chunked !== null;
  const secret = draft.value.type === "secret";
  return (
    <tr data-variable={variable.id}>
      <td colSpan={7}>
        <DraftForm
          name="variable"
          kind={kind}
          draft={draft}
          save={() => {
            // a locked secret keeps its ciphertext and type (this device cannot re-encrypt it), a chunked value its chunks
            const changes = draft.changes();
            if (fixed) (delete changes.initialValue, delete changes.type);
            client[kind].update(variable.id, changes);
          }}
        >
          <input type="checkbox" name="enabled" title="enabled" checked={draft.value.enabled} onChange={(e) => draft.set({ enabled: e.target.checked })} />
          <input name="key" value={draft.value.key} onChange={(e) => draft.set({ key: e.target.value })} required />
          <input
            name="value"
            type={secret && !reveal ? "password" : "text"}
            value={fixed ? "" : draft.value.initialValue}
            placeholder={locked ? "🔒 locked" : (chunked ?? "initial value (synced)")}
            disabled={fixed}
            onChange={(e) => draft.set({ initialValue: e.target.value })}
          />
          <input name="current" type={secret && !reveal ? "password" : "text"} placeholder="current value (this device)" value={current} onChange={(e) => (setCurrent(e.target.value), setLocalValue(uid, variable.id, e.target.value))} />
          <label>
            <input type="checkbox" name="secret" checked={secret} disabled={fixed} onChange={(e) => draft.set({ type: e.target.checked ? "secret" : "default" })} /> secret
          </label>
          {secret && (
            <button type="button" title={reveal ? "hide" : "show"} onClick={() => setReveal(!reveal)}>
              {reveal ? "🙈" : "👁"}
            </button>
          )}
          <button disabled={!draft.dirty}>Save</button>
          <button type="button" className="danger" onClick={() => remove(kind, variable.id, variable.key)}>
            Delete
          </button>
          {variable.pending && <em> not synced yet</em>}
        </DraftForm>
      </td>
    </tr>
  );
}

function VariableTable({ kind, variables, environmentId }: { kind: VariableKind; variables: readonly Variable[]; environmentId?: string }) {
  const { onCreate } = useNotices();
  const add = onCreate((field) => {
    const order = Math.max(0, ...variables.map((v) => v.order ?? 0)) + 1;
    const fields = { key: field("key").value, initialValue: field("value").value, type: field("secret").checked ? ("secret" as const) : ("default" as const), enabled: true, order };
    if (kind === "globals") client.globals.create(fields);
    else client.environmentVariables.create({ ...fields, environmentId: environmentId! });
  });
  return (
    <>
      <table className="variables" id={kind === "globals" ? "globals" : "environment-variables"}>
        <tbody>
          {[...variables].sort(inFileOrder).map((v) => (
            <VariableRow key={v.id} kind={kind} variable={v} />
          ))}
        </tbody>
      </table>
      <form name="new-variable" data-kind={kind} onSubmit={add}>
        <input name="key" placeholder="key" required />
        <input name="value" placeholder="initial value" />
        <label>
          <input type="checkbox" name="secret" /> secret
        </label>
        <button>Add</button>
      </form>
    </>
  );
}

export function VariablesScreen() {
  const environments = useEntities("environments");
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = environments.find((e) => e.id === chosen) ?? environments[0];
  const variables = useEntities("environmentVariables", { where: { environmentId: selected?.id ?? "" } });
  const globals = useEntities("globals");
  const { run, remove, onCreate } = useNotices();
  const add = onCreate((field) => setChosen(client.environments.create({ name: field("name").value, order: Date.now() })));
  return (
    <section id="variables">
      <h2>Environments</h2>
      <ul id="environments" className="chips">
        {[...environments]
          .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
          .map((env) => (
            <li key={env.id} className={env.id === selected?.id ? "selected" : ""}>
              <button data-environment={env.id} onClick={() => setChosen(env.id)}>
                {env.name}
              </button>
              {env.conflictOf && <span className="conflict">conflict copy</span>}
            </li>
          ))}
      </ul>
      <form name="new-environment" onSubmit={add}>
        <input name="name" placeholder="new environment" required />
        <button>Add</button>
      </form>
      {selected && (
        <>
          <h3>
            Variables of {selected.name}{" "}
            <button
              data-rename-environment={selected.id}
              onClick={() => {
                const name = prompt("New name", selected.name);
                if (name) void run(() => client.environments.update(selected.id, { name }));
              }}
            >
              Rename
            </button>{" "}
            <button className="danger" data-delete-environment={selected.id} onClick={() => remove("environments", selected.id, selected.name)}>
              Delete
            </button>
          </h3>
          <VariableTable kind="environmentVariables" variables={variables} environmentId={selected.id} />
        </>
      )}
      <h2>Globals</h2>
      <VariableTable kind="globals" variables={globals} />
    </section>
  );
}
