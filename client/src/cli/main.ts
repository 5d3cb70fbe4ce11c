// `syncgate`: Postman import and export from a terminal, against the emulators or a real
// project. It signs in as one more device of the account (its own session, released at
// the end), so what it imports syncs to every signed-in app at once.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { deleteApp, initializeApp } from "firebase/app";
import { createSyncClient, type SyncClient } from "../client.js";
import { SessionLimitError, SyncGateError } from "../errors.js";
import { AlreadyImportedError, ImportError } from "../interop/errors.js";
import { describeImport } from "../interop/describe.js";
import { fileStorage } from "../node/file-storage.js";

const USAGE = `usage:
  syncgate signup --email <e> --user <username>  create an account (then sign in with either)
  syncgate import <file|dir>... [--replace|--copy]
                                                 collections, environments, globals and newman run
                                                 files (a directory: its *.json files), one session
  syncgate export collection <id|name> [--out f] a collection as Postman Collection v2.x
  syncgate export environment <id|name> [--out f]
  syncgate export globals [--out f]
  syncgate export run <id> [--out f]            a run as newman's JSON report
  syncgate list                                  collections, environments, globals and runs

options:
  --user <email|username>   or SYNCGATE_USER        --password <p>  or SYNCGATE_PASSWORD
  --project <id>            or SYNCGATE_PROJECT (default demo-syncgate: the emulators)
  --api-key <key>           or SYNCGATE_API_KEY (a real project's web API key)
  --emulators <host>        use the emulators on <host> (default for demo-* projects: 127.0.0.1)
  --out <file>              write an export there instead of stdout
  --replace, --copy         a collection or environment imported before: replace it (the old one
                            goes to the trash) or keep both; without either it is skipped`;

/** A usage mistake: printed with the usage, exit code 2. */
class UsageError extends Error {}

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    user: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    project: { type: "string" },
    "api-key": { type: "string" },
    emulators: { type: "string" },
    out: { type: "string" },
    replace: { type: "boolean" },
    copy: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

function setting(name: "user" | "email" | "password" | "project" | "api-key", env: string, fallback?: string): string {
  const value = opts[name] ?? process.env[env] ?? fallback;
  if (!value) throw new UsageError(`missing --${name} (or ${env})`);
  return value;
}

/** The client, not yet signed in: `signup` signs up, the other commands sign in. */
function client(): { client: SyncClient; close: () => Promise<void> } {

  const projectId = setting("project", "SYNCGATE_PROJECT", "demo-syncgate");
  const emulatorHost = opts.emulators ?? (projectId.startsWith("demo-") ? "127.0.0.1" : undefined);
  const app = initializeApp({ projectId, apiKey: setting("api-key", "SYNCGATE_API_KEY", emulatorHost ? "demo-api-key" : undefined) }, `syncgate-cli-${Date.now()}`);
  const made = createSyncClient({
    app,
    device: { name: "syncgate CLI", platform: "cli" },
    persistence: "memory",
    storage: fileStorage(join(homedir(), ".config", "syncgate", `cli-${projectId}.json`)),
    ...(emulatorHost ? { emulators: { auth: `${emulatorHost}:9099`, firestore: `${emulatorHost}:8080`, functions: `${emulatorHost}:5001` } } : {}),
  });
  return { client: made, close: () => deleteApp(app) };
}

/** An entity by id or, failing that, by its exact name. */
function find<T extends { id: string; name: string }>(items: T[], ref: string | undefined, what: string): T {
  const found = items.find((x) => x.id === ref) ?? items.find((x) => x.name === ref);
  if (!found) throw new SyncGateError("not-found", `no ${what} "${ref}"`);
  return found;
}

interface Command {
  /** checks the arguments before anything connects: a mistake costs no sign-in */
  check(args: string[]): void;
  /** false for signup, which makes the account it then signs in to */
  signIn: boolean;
  run(client: SyncClient, args: string[]): Promise<number | void>;
}

/** The files an import names: files as given, directories as their *.json files. */
function importFiles(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (!existsSync(path)) throw new UsageError(`no such file or directory: ${path}`);
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path).filter((f) => f.toLowerCase().endsWith(".json")).sort().map((f) => join(path, f));
  });
}

/** Imports one file; returns false when it failed or was skipped (the message is printed). */
async function importOne(client: SyncClient, file: string): Promise<boolean> {
  const label = basename(file);
  const say = (line: string) => process.stderr.write(`\r${label}: ${line}\x1b[K`);
  try {
    const onProgress = ({ done, total }: { done: number; total: number }) => say(`importing ${done}/${total}`);
    const options = { onProgress, ...(opts.replace ? { onExisting: "replace" as const } : opts.copy ? { onExisting: "copy" as const } : {}) };
    const result = await client.postman.importFile(readFileSync(file, "utf8"), options);
    await client.awaitInSync(300_000);
    say(`imported ${describeImport(result)}\n`);
    return true;
  } catch (e) {
    if (e instanceof AlreadyImportedError) {
      say(`skipped: this ${e.kind} was imported before, as "${e.existing[0]?.name}": run again with --replace (the old one goes to the trash) or --copy (keep both)\n`);
    }
    else say(`${e instanceof ImportError ? "not imported: " : ""}${(e as Error).message}\n`);
    return false;
  }
}

const EXPORTS = ["collection", "environment", "globals", "run"];

const COMMANDS: Record<string, Command> = {
  signup: {
    check() {
      setting("email", "SYNCGATE_EMAIL");
      setting("user", "SYNCGATE_USER");
      setting("password", "SYNCGATE_PASSWORD");
    },
    signIn: false,
    async run(client) {
      const username = setting("user", "SYNCGATE_USER");
      await client.signUp({ email: setting("email", "SYNCGATE_EMAIL"), username, password: setting("password", "SYNCGATE_PASSWORD") });
      process.stderr.write(`signed up as ${username}: sign in with it or the email from now on\n`);
    },
  },
  import: {
    check(args) {
      if (!args.length) throw new UsageError("name the files or directories to import");
      if (opts.replace && opts.copy) throw new UsageError("--replace or --copy, not both");
      if (!importFiles(args).length) throw new UsageError(`no .json files in ${args.join(", ")}`);
    },
    signIn: true,
    async run(client, args) {
      let failed = 0;
      for (const file of importFiles(args)) if (!(await importOne(client, file))) failed++;
      return failed ? 1 : 0;
    },
  },
  list: {
    check() {},
    signIn: true,
    async run(client) {
      for (const c of client.collections.list()) console.log(`collection  ${c.id}  ${c.name}`);
      for (const e of client.environments.list()) console.log(`environment ${e.id}  ${e.name}`);
      for (const g of client.globals.list()) console.log(`global      ${g.id}  ${g.key}`);
      for (const r of client.runs.list()) console.log(`run         ${r.id}  ${r.name}`);
    },
  },
  export: {
    check([what, ref]) {
      if (!what || !EXPORTS.includes(what)) throw new UsageError(`export what: ${EXPORTS.join(", ")}?`);
      if (what !== "globals" && !ref) throw new UsageError(`name the ${what} to export (id${what === "run" ? "" : " or name"})`);
    },
    signIn: true,
    async run(client, [what, ref]) {
      let doc: Record<string, unknown>;
      if (what === "collection") doc = await client.postman.exportCollection(find(client.collections.list(), ref, "collection").id);
      else if (what === "environment") doc = await client.postman.exportEnvironment(find(client.environments.list(), ref, "environment").id);
      else if (what === "globals") doc = await client.postman.exportGlobals();
      else doc = await client.postman.exportNewmanRun(find(client.runs.list(), ref, "run").id);
      const json = `${JSON.stringify(doc, null, 2)}\n`;
      if (opts.out) writeFileSync(opts.out, json);
      else process.stdout.write(json);
    },
  },
};

async function main(): Promise<number> {
  if (opts.help) return console.log(USAGE), 0;
  let session: { client: SyncClient; close: () => Promise<void> } | undefined;
  try {
    const [name, ...args] = positionals;
    const command = name && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(name ? `unknown command "${name}"` : "no command");
    command.check(args);
    if (command.signIn) {
      setting("user", "SYNCGATE_USER");
      setting("password", "SYNCGATE_PASSWORD");
    }
    session = client();
    if (command.signIn) {
      await session.client.signIn({ identifier: setting("user", "SYNCGATE_USER"), password: setting("password", "SYNCGATE_PASSWORD") });
      await session.client.awaitInSync(300_000);
    }
    return (await command.run(session.client, args)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) console.error(`syncgate: ${e.message}\n\n${USAGE}`);
    else if (e instanceof SessionLimitError) console.error(`syncgate: the account is signed in on ${e.limit} devices already (${e.sessions.map((s) => s.deviceName).join(", ")}): sign one out first`);
    else console.error(`syncgate: ${(e as Error).message}`);
    return e instanceof UsageError ? 2 : 1;
  } finally {
    await session?.client.signOut({ force: true }).catch(() => undefined);
  }
}

process.exitCode = await main();
// Firebase keeps timers (token refresh, heartbeats) alive: nothing is left to wait for
setTimeout(() => process.exit(), 500).unref();
