// `npm run migrate`: brings entity documents up to the current schema version with the
// admin SDK (schema/versions.ts), for one account (--uid) or all of them, in batches. Each
// document's upgrade is its own write, conditional on the document being unchanged since
// it was read: an app's edit that lands meanwhile stands (apps upgrade what they touch,
// and the next run takes the rest). Resumable: with --state, the last account done is
// kept in that file and a run starts after it; running again is harmless anyway, since
// documents at the version are skipped. With the emulators (`npm start`) by default; with
// --project and credentials against a real project.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { initializeApp } from "firebase-admin/app";
import { FieldPath, FieldValue, getFirestore, type Firestore } from "firebase-admin/firestore";
import { CURRENT_SCHEMA, ENTITY_KINDS, upgradeOf, USERS, versionOf, type SchemaVersion } from "../schema/index.js";

/** who wrote an upgrade (updatedBy): no session, so every app takes it for another writer's version */
export const MIGRATE_WRITER = "migrate";

export interface MigrateOptions {
  /** one account; all of them when absent */
  uid?: string;
  /** documents read per query (default 400) */
  batchSize?: number;
  /** start after this account (all accounts only) */
  after?: string;
  /** called after each account, for progress and resumption */
  onAccount?: (uid: string) => void;
}

export interface MigrateResult {
  accounts: number;
  scanned: number;
  upgraded: number;
  /** changed meanwhile (left for the next run, or for the app that changed them) */
  skipped: number;
}

export async function migrateAccounts(db: Firestore, schema: SchemaVersion, options: MigrateOptions = {}): Promise<MigrateResult> {
  const result: MigrateResult = { accounts: 0, scanned: 0, upgraded: 0, skipped: 0 };
  const batchSize = options.batchSize ?? 400;
  for await (const uid of accounts(db, options, batchSize)) {
    for (const kind of ENTITY_KINDS) {
      const collection = db.collection(`${USERS}/${uid}/${kind}`);
      for (let last: string | undefined; ; ) {
        const page = await (last ? collection.orderBy(FieldPath.documentId()).startAfter(last) : collection.orderBy(FieldPath.documentId())).limit(batchSize).get();
        const writer = db.bulkWriter();
        writer.onWriteError(() => false);
        const writes = page.docs.flatMap((doc) => {
          const data = doc.data();
          if (versionOf(data) >= schema.version) return [];
          const upgrade = upgradeOf(kind, data, schema)!;
          const removals = Object.fromEntries(upgrade.remove.map((field) => [field, FieldValue.delete()]));
          const meta = { rev: (data["rev"] as number) + 1, baseBy: data["updatedBy"], updatedBy: MIGRATE_WRITER, updatedAt: FieldValue.serverTimestamp() };
          return [writer.update(doc.ref, { ...upgrade.set, ...removals, ...meta }, { lastUpdateTime: doc.updateTime }).then(() => true, () => false)];
        });
        await writer.close();
        for (const ok of await Promise.all(writes)) ok ? result.upgraded++ : result.skipped++;
        result.scanned += page.size;
        if (page.size < batchSize) break;
        last = page.docs[page.size - 1]!.id;
      }
    }
    result.accounts++;
    options.onAccount?.(uid);
  }
  return result;
}

/** The accounts' uids, in order, a page at a time. */
async function* accounts(db: Firestore, options: MigrateOptions, batchSize: number): AsyncGenerator<string> {
  if (options.uid) {
    yield options.uid;
    return;
  }
  for (let last = options.after; ; ) {
    const query = db.collection(USERS).orderBy(FieldPath.documentId()).select();
    const page = await (last ? query.startAfter(last) : query).limit(batchSize).get();
    for (const doc of page.docs) yield doc.id;
    if (page.size < batchSize) return;
    last = page.docs[page.size - 1]!.id;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      project: { type: "string", default: process.env["SYNCGATE_PROJECT_ID"] ?? "demo-syncgate" },
      uid: { type: "string" },
      batch: { type: "string", default: "400" },
      state: { type: "string" },
    },
  });
  if (values.project.startsWith("demo-")) process.env["FIRESTORE_EMULATOR_HOST"] ??= "127.0.0.1:8080";
  const db = getFirestore(initializeApp({ projectId: values.project }));
  const state = values.state;
  const after = state && existsSync(state) ? (JSON.parse(readFileSync(state, "utf8")) as { after?: string }).after : undefined;
  const result = await migrateAccounts(db, CURRENT_SCHEMA, {
    ...(values.uid ? { uid: values.uid } : {}),
    ...(after ? { after } : {}),
    batchSize: Number(values.batch),
    onAccount: (uid) => state && !values.uid && writeFileSync(state, JSON.stringify({ after: uid })),
  });
  console.log(`migrated ${values.project} to schema version ${CURRENT_SCHEMA.version}: ${result.accounts} account(s), ${result.scanned} document(s) read, ${result.upgraded} upgraded, ${result.skipped} changed meanwhile (run again)`);
  process.exit(0);
}
