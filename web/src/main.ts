// A small app on @syncgate/client: accounts, the status badge, collections/requests,
// environments and globals, trash, devices and Postman import/export. Plain DOM: the
// point is the SDK, not a framework.
import { SessionLimitError, STATUS_LABELS, SyncGateError, UnsyncedChangesError, byOrder } from "@syncgate/client";
import { client } from "./firebase.js";

type View = "data" | "trash" | "devices" | "transfer";
const app = document.querySelector<HTMLElement>("#app")!;
let view: View = "data";
let selectedCollection: string | null = null;
let message = "";
/** a sign-in stopped at the device limit, waiting for the user to pick a device to sign out */
let limit: SessionLimitError | undefined;

const h = (html: string) => {
  const t = document.createElement("template");
  t.innerHTML = html.trim();
  return t.content;
};
const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const field = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;

function on(form: string, handler: (f: HTMLFormElement) => Promise<void> | void) {
  app.querySelector<HTMLFormElement>(`form[name="${form}"]`)?.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      message = "";
      await handler(e.target as HTMLFormElement);
    } catch (error) {
      message = error instanceof SyncGateError ? error.message : String(error);
    }
    render();
  });
}

// ---- status badge ----
const badge = document.querySelector<HTMLElement>("#status")!;
const pending = document.querySelector<HTMLElement>("#pending")!;
const signOutButton = document.querySelector<HTMLButtonElement>("#sign-out")!;
client.onStatusChange((status, detail) => {
  badge.dataset["status"] = status;
  badge.textContent = STATUS_LABELS[status];
  pending.textContent = detail.pendingWrites ? `${detail.pendingWrites} pending` : "";
  signOutButton.hidden = status === "OFFLINE";
  render();
});
client.onSessionEnded((reason) => {
  message = reason === "revoked" ? "This device was signed out from another device." : "";
  render();
});
signOutButton.addEventListener("click", async () => {
  try {
    await client.signOut();
  } catch (e) {
    if (e instanceof UnsyncedChangesError && confirm(`${e.changes.length} change(s) are not synced yet. Sign out and lose them?`)) await client.signOut({ force: true });
  }
  render();
});
document.querySelectorAll<HTMLButtonElement>("nav button").forEach((b) =>
  b.addEventListener("click", () => {
    view = b.dataset["view"] as View;
    render();
  }),
);

// ---- screens ----
function accountsScreen() {
  app.replaceChildren(
    h(`
    <section><h2>Sign in</h2>
      <form name="sign-in"><input name="identifier" placeholder="email or username" required /><input name="password" type="password" placeholder="password" required /><button>Sign in</button></form>
    </section>
    <section><h2>Create an account</h2>
      <form name="sign-up"><input name="email" type="email" placeholder="email" required /><input name="username" placeholder="username" required /><input name="password" type="password" placeholder="password" required /><button>Sign up</button></form>
    </section>
    <section><h2>Forgot something?</h2>
      <form name="recover"><input name="email" type="email" placeholder="email" required /><button>Send me my username</button></form>
      <form name="reset"><input name="identifier" placeholder="email or username" required /><button>Reset my password</button></form>
    </section>
    <p class="error" id="message">${esc(message)}</p>`),
  );
  on("sign-in", async (f) => {
    try {
      await client.signIn({ identifier: field(f, "identifier"), password: field(f, "password") });
    } catch (e) {
      if (!(e instanceof SessionLimitError)) throw e;
      limit = e;
    }
  });
  on("sign-up", (f) => client.signUp({ email: field(f, "email"), username: field(f, "username"), password: field(f, "password") }));
  on("recover", async (f) => {
    await client.recoverUsername(field(f, "email"));
    message = "If that account exists, we sent its username.";
  });
  on("reset", async (f) => {
    await client.requestPasswordReset(field(f, "identifier"));
    message = "If that account exists, we sent a reset link.";
  });
}

function limitScreen(e: SessionLimitError) {
  app.replaceChildren(
    h(`<section id="limit"><h2>Signed in on ${e.limit} devices already</h2><p>Sign one out to continue:</p><ul>${e.sessions
      .map((s) => `<li>${esc(s.deviceName)} <button data-evict="${esc(s.sid)}">Sign out this device</button></li>`)
      .join("")}</ul></section>`),
  );
  app.querySelectorAll<HTMLButtonElement>("[data-evict]").forEach((b) =>
    b.addEventListener("click", async () => {
      limit = undefined;
      await e.evict(b.dataset["evict"]!);
      render();
    }),
  );
}

function dataScreen() {
  const collections = client.collections.list().sort(byOrder);
  selectedCollection ??= collections[0]?.id ?? null;
  const requests = selectedCollection ? client.requests.list({ where: { collectionId: selectedCollection } }).sort(byOrder) : [];
  const tag = (e: { conflictOf?: string | null | undefined; pending: boolean }) => `${e.conflictOf ? ' <span class="conflict">conflict copy</span>' : ""}${e.pending ? " <em>(not synced yet)</em>" : ""}`;
  app.replaceChildren(
    h(`
    <section><h2>Collections</h2>
      <ul id="collections">${collections.map((c) => `<li><a href="#" data-collection="${c.id}">${esc(c.name)}</a>${tag(c)}</li>`).join("")}</ul>
      <form name="new-collection"><input name="name" placeholder="new collection" required /><button>Add</button></form>
    </section>
    <section><h2>Requests</h2>
      <ul id="requests">${requests
        .map((r) => `<li data-request="${r.id}"><b>${esc(r.method)}</b> <span class="name">${esc(r.name)}</span>${tag(r)} <button data-rename="${r.id}">Rename</button> <button data-delete="${r.id}">Delete</button></li>`)
        .join("")}</ul>
      ${selectedCollection ? `<form name="new-request"><input name="name" placeholder="request name" required /><input name="url" placeholder="url" value="https://api.test/" /><button>Add request</button></form>` : ""}
    </section>
    <section><h2>Environments and globals</h2>
      <ul id="environments">${client.environments.list().map((e) => `<li>${esc(e.name)}</li>`).join("")}</ul>
      <form name="new-environment"><input name="name" placeholder="environment" required /><button>Add</button></form>
      <ul id="globals">${client.globals.list().map((g) => `<li>${esc(g.key)} = ${g.type === "secret" ? "••••" : esc(g.initialValue)}</li>`).join("")}</ul>
      <form name="new-global"><input name="key" placeholder="key" required /><input name="value" placeholder="value" /><label><input type="checkbox" name="secret" /> secret</label><button>Add</button></form>
    </section>
    <p class="error">${esc(message)}</p>`),
  );
  app.querySelectorAll<HTMLElement>("[data-collection]").forEach((a) => a.addEventListener("click", (e) => (e.preventDefault(), (selectedCollection = a.dataset["collection"]!), render())));
  app.querySelectorAll<HTMLElement>("[data-delete]").forEach((b) => b.addEventListener("click", () => client.requests.remove(b.dataset["delete"]!)));
  app.querySelectorAll<HTMLElement>("[data-rename]").forEach((b) =>
    b.addEventListener("click", () => {
      const name = prompt("New name", client.requests.get(b.dataset["rename"]!)?.name);
      if (name) client.requests.update(b.dataset["rename"]!, { name });
    }),
  );
  on("new-collection", (f) => void (selectedCollection = client.collections.create({ name: field(f, "name") })));
  on("new-request", (f) =>
    void client.requests.create({ collectionId: selectedCollection!, folderId: null, name: field(f, "name"), method: "GET", url: { raw: field(f, "url") }, headers: [], order: Date.now() }),
  );
  on("new-environment", (f) => void client.environments.create({ name: field(f, "name") }));
  on("new-global", (f) =>
    void client.globals.create({ key: field(f, "key"), initialValue: field(f, "value"), type: (f.elements.namedItem("secret") as HTMLInputElement).checked ? "secret" : "default", enabled: true }),
  );
}

function trashScreen() {
  const items = [...client.collections.trash().map((e) => ({ kind: "collections" as const, e })), ...client.requests.trash().map((e) => ({ kind: "requests" as const, e }))];
  app.replaceChildren(
    h(`<section><h2>Trash</h2><ul id="trash">${items.map(({ kind, e }) => `<li>${esc(e.name)} <button data-restore="${kind}:${e.id}">Restore</button></li>`).join("") || "<li>empty</li>"}</ul></section>`),
  );
  app.querySelectorAll<HTMLElement>("[data-restore]").forEach((b) =>
    b.addEventListener("click", () => {
      const [kind, id] = b.dataset["restore"]!.split(":") as ["collections" | "requests", string];
      client[kind].restore(id);
    }),
  );
}

async function devicesScreen() {
  const sessions = await client.listSessions();
  app.replaceChildren(
    h(`<section><h2>Devices</h2><ul id="devices">${sessions
      .map((s) => `<li>${esc(s.deviceName)}${s.sid === client.sessionId ? " (this device)" : ` <button data-revoke="${s.sid}">Sign out this device</button>`}</li>`)
      .join("")}</ul></section>`),
  );
  app.querySelectorAll<HTMLElement>("[data-revoke]").forEach((b) => b.addEventListener("click", async () => (await client.revokeSession(b.dataset["revoke"]!), render())));
}

function transferScreen() {
  app.replaceChildren(
    h(`<section><h2>Import a Postman collection</h2>
      <input type="file" id="import-file" accept=".json" /> <progress id="import-progress" value="0" max="1"></progress> <span id="import-result"></span>
    </section>
    <section><h2>Export</h2><ul>${client.collections
      .list()
      .map((c) => `<li>${esc(c.name)} <button data-export="${c.id}">Download</button></li>`)
      .join("")}</ul></section>`),
  );
  const progress = app.querySelector<HTMLProgressElement>("#import-progress")!;
  app.querySelector<HTMLInputElement>("#import-file")!.addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const result = app.querySelector<HTMLElement>("#import-result")!;
    try {
      const { entities } = await client.postman.importCollection(await file.text(), { onProgress: ({ done, total }) => (progress.value = done / total) });
      result.textContent = `imported ${entities} items`;
    } catch (error) {
      result.textContent = (error as Error).message;
    }
  });
  app.querySelectorAll<HTMLElement>("[data-export]").forEach((b) =>
    b.addEventListener("click", async () => {
      const json = await client.postman.exportCollection(b.dataset["export"]!);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: "application/json" }));
      a.download = `${(json["info"] as { name: string }).name}.postman_collection.json`;
      a.click();
    }),
  );
}

let scheduled = false;
function render() {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    if (document.activeElement instanceof HTMLInputElement && document.activeElement.value) return; // don't clobber typing
    if (limit) return limitScreen(limit);
    if (client.status === "OFFLINE") return accountsScreen();
    if (view === "trash") return trashScreen();
    if (view === "devices") return void devicesScreen();
    if (view === "transfer") return transferScreen();
    dataScreen();
  });
}

for (const store of [client.collections, client.requests, client.environments, client.globals]) store.watch(() => view !== "transfer" && render(), { includeDeleted: true });
await client.ready;
render();
