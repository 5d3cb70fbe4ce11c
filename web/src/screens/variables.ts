// Environments with their variables, and globals: create, edit (key, value, secret,
// enabled), delete. Secret values are encrypted by the SDK before they leave the device;
// one this device cannot decrypt shows as locked and is left untouched, as does a value
// kept in chunks.
import { byOrder, isLockedSecret, type Entity } from "@syncgate/client";
import { client } from "../firebase.js";
import { app, checked, esc, field, h, messageLine, onClick, onSubmit, state } from "../ui.js";
import { tag } from "./collections.js";

type Variable = Entity<"globals"> | Entity<"environmentVariables">;
type VariableKind = "globals" | "environmentVariables";

function rows(kind: VariableKind, variables: Variable[]): string {
  return variables
    .sort((a, b) => a.key.localeCompare(b.key) || byOrder(a, b))
    .map((v) => {
      // a value kept in chunks (over 256,000 characters) is not edited here, so Save never blanks it
      const chunked = v.initialValueBlob ? `${v.initialValueBlob.chars.toLocaleString("en")} characters, kept in chunks` : null;
      const locked = isLockedSecret(v.initialValue);
      const fixed = locked || chunked !== null;
      return `<li data-variable="${v.id}"><form name="variable" data-kind="${kind}" data-id="${v.id}">
        <input name="key" value="${esc(v.key)}" required />
        <input name="value" ${v.type === "secret" ? 'type="password"' : ""} value="${fixed ? "" : esc(v.initialValue)}" placeholder="${locked ? "🔒 locked" : (chunked ?? "value")}"${fixed ? " disabled" : ""} />
        <label><input type="checkbox" name="secret"${v.type === "secret" ? " checked" : ""}${fixed ? " disabled" : ""} /> secret</label>
        <label><input type="checkbox" name="enabled"${v.enabled ? " checked" : ""} /> enabled</label>
        <button>Save</button> <button type="button" data-delete-variable="${kind}:${v.id}">Delete</button>${tag(v)}
      </form></li>`;
    })
    .join("");
}

const newVariableForm = (kind: VariableKind) =>
  `<form name="new-variable" data-kind="${kind}"><input name="key" placeholder="key" required /><input name="value" placeholder="value" /><label><input type="checkbox" name="secret" /> secret</label><button>Add</button></form>`;

export function variablesScreen() {
  const environments = client.environments.list().sort(byOrder);
  if (!environments.some((e) => e.id === state.environment)) state.environment = environments[0]?.id ?? null;
  const selected = state.environment;
  app.replaceChildren(
    h(`
    <section><h2>Environments</h2>
      <ul id="environments">${environments
        .map((e) => `<li${e.id === selected ? ' class="selected"' : ""}><a href="#" data-environment="${e.id}">${esc(e.name)}</a>${tag(e)} <button data-rename-environment="${e.id}">Rename</button> <button data-delete-environment="${e.id}">Delete</button></li>`)
        .join("")}</ul>
      <form name="new-environment"><input name="name" placeholder="environment" required /><button>Add</button></form>
    </section>
    ${
      selected
        ? `<section><h2>Variables of ${esc(client.environments.get(selected)?.name)}</h2>
      <ul id="environment-variables">${rows("environmentVariables", client.environmentVariables.list({ where: { environmentId: selected } }))}</ul>
      ${newVariableForm("environmentVariables")}</section>`
        : ""
    }
    <section><h2>Globals</h2>
      <ul id="globals">${rows("globals", client.globals.list())}</ul>
      ${newVariableForm("globals")}
    </section>
    ${messageLine()}`),
  );
  onClick("environment", (id) => void (state.environment = id));
  onClick("delete-environment", (id) => client.environments.remove(id));
  onClick("rename-environment", (id) => {
    const name = prompt("New name", client.environments.get(id)?.name);
    if (name) client.environments.update(id, { name });
  });
  onClick("delete-variable", (target) => {
    const [kind, id] = target.split(":") as [VariableKind, string];
    client[kind].remove(id);
  });
  onSubmit("new-environment", (f) => void (state.environment = client.environments.create({ name: field(f, "name") })));
  onSubmit("new-variable", (f) => {
    const fields = { key: field(f, "key"), initialValue: field(f, "value"), type: checked(f, "secret") ? ("secret" as const) : ("default" as const), enabled: true };
    if (f.dataset["kind"] === "globals") client.globals.create(fields);
    else client.environmentVariables.create({ ...fields, environmentId: selected! });
  });
  onSubmit("variable", (f) => {
    const kind = f.dataset["kind"] as VariableKind;
    const id = f.dataset["id"]!;
    const value = f.elements.namedItem("value") as HTMLInputElement;
    const secret = f.elements.namedItem("secret") as HTMLInputElement;
    client[kind].update(id, {
      key: field(f, "key"),
      enabled: checked(f, "enabled"),
      // a locked secret keeps its ciphertext and type (this device cannot re-encrypt it), a chunked value its chunks
      ...(value.disabled ? {} : { initialValue: value.value }),
      ...(secret.disabled ? {} : { type: secret.checked ? ("secret" as const) : ("default" as const) }),
    });
  });
}
