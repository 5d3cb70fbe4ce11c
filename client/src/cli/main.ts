// `syncgate`: Postman import and export from a terminal, against the emulators or a real
// project. It signs in as one more device of the account (its own session, released at
// the end), so what it imports syncs to every signed-in app at once.
import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { deleteApp, initializeApp } from "firebase/app";
import { createSyncClient, type SyncClient } from "../client.js";
import { SessionLimitError, SyncGateError } from "../errors.js";
import { detectPostmanFile } from "./detect.js";
import { fileStorage } from "./file-storage.js";

const USAGE = `usage:
  syncgate import <file.json>                    a collection, environment, globals or newman run file
  syncgate export collection <id|name> [--out f] a collection as Postman Collection v2.x
  syncgate export environment <id|name> [--out f]
  syncgate export globals [--out f]
  syncgate export run <id> [--out f]            a run as newman's JSON report
  syncgate list                                  collections, environments and runs with their ids

options:
  --user <email|username>   or SYNCGATE_USER        --password <p>  or SYNCGATE_PASSWORD
  --project <id>            or SYNCGATE_PROJECT (default demo-syncgate: the emulators)
  --api-key <key>           or SYNCGATE_API_KEY (a real project's web API key)
  --emulators <host>        use the emulators on <host> (default for demo-* projects: 127.0.0.1)
  --out <file>              write an export there instead of stdout`;

/** A usage mistake: printed with the usage, exit code 2. */
class UsageError extends Error {}

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    user: { type: "string" },
    password: { type: "string" },
    project: { type: "string" },
    "api-key": { type: "string" },
    emulators: { type: "string" },
    out: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

function setting(name: "user" | "password" | "project" | "api-key", env: string, fallback?: string): string {
  const value = opts[name] ?? process.env[env] ?? fallback;
  if (!value) throw new UsageError(`missing --${name} (or ${env})`);
  return value;
}

async function connect(): Promise<SyncClient> {
  const projectId = setting("project", "SYNCGATE_PROJECT", "demo-syncgate");
  const emulatorHost = opts.emulators ?? (projectId.startsWith("demo-") ? "127.0.0.1" : undefined);
  const app = initializeApp({ projectId, apiKey: setting("api-key", "SYNCGATE_API_KEY", emulatorHost ? "demo-api-key" : undefined) }, `syncgate-cli-${Date.now()}`);
  const client = createSyncClient({
    app,
    device: { name: "syncgate CLI", platform: "cli" },
    persistence: "memory",
    storage: fileStorage(join(homedir(), ".config", "syncgate", `cli-${projectId}.json`)),
    ...(emulatorHost ? { emulators: { auth: `${emulatorHost}:9099`, firestore: `${emulatorHost}:8080`, functions: `${emulatorHost}:5001` } } : {}),
  });
  try {
    await client.signIn({ identifier: setting("user", "SYNCGATE_USER"), password: setting("password", "SYNCGATE_PASSWORD") });
  } catch (e) {
    await deleteApp(app);
    throw e;
  }
  await client.awaitInSync(300_000);
  return client;
}

/** An entity by id or, failing that, by its exact name. */
function find<T extends { id: string; name: string }>(items: T[], ref: string | undefined, what: string): T {
  if (!ref) throw new UsageError(`name the ${what} (id or name)`);
  const found = items.find((x) => x.id === ref) ?? items.find((x) => x.name === ref);
  if (!found) throw new SyncGateError("not-found", `no ${what} "${ref}"`);
  return found;
}

type Command = (client: SyncClient, what: string | undefined, ref: string | undefined) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  async import(client, file) {
    if (!file) throw new UsageError("name the file to import");
    const text = readFileSync(file, "utf8");
    let kind;
    try {
      kind = detectPostmanFile(JSON.parse(text));
    } catch {
      kind = "collection" as const; // let the importer name the JSON error and its place
    }
    if (!kind) throw new SyncGateError("invalid-argument", `${file}: not a Postman collection, environment, globals or newman report`);
    const onProgress = ({ done, total }: { done: number; total: number }) => process.stderr.write(`\rimporting ${kind}: ${done}/${total}`);
    const imports = { collection: client.postman.importCollection, environment: client.postman.importEnvironment, globals: client.postman.importGlobals, newman: client.postman.importNewmanRun };
    const result = await imports[kind].call(client.postman, text, { onProgress });
    await client.awaitInSync(300_000);
    process.stderr.write(`\nimported ${result.entities} item(s)${result.id ? ` as ${result.id}` : ""}\n`);
  },
  async list(client) {
    for (const c of client.collections.list()) console.log(`collection  ${c.id}  ${c.name}`);
    for (const e of client.environments.list()) console.log(`environment ${e.id}  ${e.name}`);
    for (const r of client.runs.list()) console.log(`run         ${r.id}  ${r.name}`);
  },
  async export(client, what, ref) {
    let doc: Record<string, unknown>;
    if (what === "collection") doc = await client.postman.exportCollection(find(client.collections.list(), ref, "collection").id);
    else if (what === "environment") doc = client.postman.exportEnvironment(find(client.environments.list(), ref, "environment").id);
    else if (what === "globals") doc = client.postman.exportGlobals();
    else if (what === "run") doc = await client.postman.exportNewmanRun(find(client.runs.list(), ref, "run").id);
    else throw new UsageError("export what: collection, environment, globals or run?");
    const json = `${JSON.stringify(doc, null, 2)}\n`;
    if (opts.out) writeFileSync(opts.out, json);
    else process.stdout.write(json);
  },
};

async function main(): Promise<number> {
  if (opts.help) return console.log(USAGE), 0;
  let client: SyncClient | undefined;
  try {
    const [name, what, ref] = positionals;
    const command = name && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(name ? `unknown command "${name}"` : "no command");
    client = await connect(); // after the usage checks: a mistake costs no sign-in
    await command(client, what, ref);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) console.error(`syncgate: ${e.message}\n\n${USAGE}`);
    else if (e instanceof SessionLimitError) console.error(`syncgate: the account is signed in on ${e.limit} devices already (${e.sessions.map((s) => s.deviceName).join(", ")}): sign one out first`);
    else if (e instanceof SyncGateError) console.error(`syncgate: ${e.message}`);
    else console.error(`syncgate: ${(e as Error).message}`);
    return e instanceof UsageError ? 2 : 1;
  } finally {
    await client?.signOut({ force: true }).catch(() => undefined);
  }
}

process.exitCode = await main();
// Firebase keeps timers (token refresh, heartbeats) alive: nothing is left to wait for
setTimeout(() => process.exit(), 500).unref();
