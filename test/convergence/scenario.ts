// A seeded randomized multi-device scenario and its checker, shared by the short test in
// `npm test` and the long soak (`npm run soak`). Devices create (children mostly under
// real parents: folders in folders, requests in folders, responses of requests, variables
// of environments), edit (often the same field on several devices while apart), move
// requests between folders, delete and restore (parents take their children along),
// and reorder, while their connections are cut and healed at random. After healing, the
// checker proves: all devices and the server hold the same state; every create exists
// exactly once (besides linked conflict copies); every edit nobody built upon is visible
// (in the entity, in its trash version, or in a conflict copy); nothing is deleted unless
// someone deleted it or its group, nothing deleted comes back unless it or its family was
// restored, and no live item is left under a deleted parent.
// The scenario plays on a world: real clients on the emulators (emulator-world.ts), or
// the simulator's devices on an in-memory Firestore (test/sim).
import { ENTITY_KINDS, type EntityKind, type EntityStore } from "../../client/src/index.js";
import { deepEqual } from "../../client/src/util/equal.js";
import { anEdit, entityData } from "../harness/factories.js";

/** A device's nine stores (a SyncClient, or the simulator's AccountStores). */
type Stores = { readonly [K in EntityKind]: EntityStore<K> };

/** mulberry32: small, fast, reproducible */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The second field each kind edits besides its label (name or key), and a value for it. */
const AUX: Record<EntityKind, (token: string) => Record<string, unknown>> = {
  collections: (t) => ({ description: t }),
  folders: (t) => ({ description: t }),
  requests: (t) => ({ url: { raw: `https://api.test/${t}` } }),
  responses: (t) => ({ status: t }),
  headerPresets: (t) => ({ headers: [{ key: "X-Token", value: t }] }),
  environments: (t) => ({ extra: { note: t } }),
  environmentVariables: (t) => ({ initialValue: t }),
  globals: (t) => ({ initialValue: t }),
  runs: (t) => ({ stats: { token: t } }),
};

interface EditRecord {
  op: number;
  device: number;
  kind: EntityKind;
  id: string;
  field: string;
  value: unknown;
  /** the value the device showed for the field when it wrote (what it built upon) */
  base: unknown;
}

interface Lifecycle {
  deletes: number;
  restores: number;
}

export interface ScenarioOptions {
  seed: number;
  operations: number;
  /**
   * Each operation draws from a stream of its own, seeded by (seed, operation), rather than
   * all from one: leaving an operation out then changes no other's draws, so a failing run
   * can be shrunk by dropping operations (the simulator's shrink does).
   */
  perOperation?: boolean;
  /** play only these operations (ascending, each below `operations`); needs `perOperation` */
  only?: readonly number[];
  log?: (line: string) => void;
}

/** The seed of one operation's stream (see ScenarioOptions.perOperation). */
export function operationSeed(seed: number, op: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(op + 1, 0xc2b2ae35)) >>> 0;
}

export interface ScenarioDevice {
  stores: Stores;
  /** the device's connection, which the scenario cuts and heals */
  link: { readonly isCut: boolean; cut(): void; heal(): void };
}

/** Where the scenario plays: devices signed in to one fresh account. */
export interface ScenarioWorld {
  devices: ScenarioDevice[];
  /** after each operation: time passes (the emulators) or the network moves (the simulator) */
  between(random: () => number): Promise<void>;
  /** told before each operation (the simulator starts the operation's own streams then) */
  beforeOperation?(op: number): void;
  /** heals every link and waits until every device is IN_SYNC */
  settle(): Promise<void>;
  /** the account as the server holds it (without updatedAt and baseBy) */
  serverState(): Promise<State>;
  /** waits, bounded, until `holds` does; rejects if it never does */
  until(what: string, holds: () => Promise<boolean>): Promise<void>;
  /** told of each operation as it is made (the simulator's trace) */
  note?(line: string): void;
  /** errors the devices reported (onError, session ends) */
  problems: string[];
  /** how often the clients' defences against transport faults struck */
  defences(): { stallReconnects: number; auditRepairs: number };
}

export interface ScenarioReport {
  seed: number;
  operations: number;
  entities: number;
  conflictCopies: number;
  edits: number;
  children: number;
  deletedWithGroup: number;
  /** how often the client's defences against transport faults struck, summed over the devices */
  stallReconnects: number;
  auditRepairs: number;
}

const store = (c: Stores, kind: EntityKind) => c[kind] as unknown as EntityStore<EntityKind>;
const fieldsOf = (e: unknown) => e as Record<string, unknown>;

export async function playScenario(world: ScenarioWorld, options: ScenarioOptions): Promise<ScenarioReport> {
  if (options.only && !options.perOperation) throw new Error("playing some operations only needs a stream per operation");
  let random = prng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const edits: EditRecord[] = [];
  const created = new Map<string, EntityKind>();
  const lifecycle = new Map<string, Lifecycle>();
  const { devices, problems } = world;
  const plan = options.only ?? Array.from({ length: options.operations }, (_, op) => op);
  for (const [i, op] of plan.entries()) {
    if (options.perOperation) random = prng(operationSeed(options.seed, op));
    if (i > 0) await world.between(random);
    world.beforeOperation?.(op);
    const device = pick(devices);
    const c = device.stores;
    const live = (k: EntityKind) => store(c, k).list() as unknown as Record<string, unknown>[];
    const maybe = (xs: Record<string, unknown>[]) => (xs.length > 0 && random() < 0.85 ? pick(xs) : undefined);
    /** where a new child goes: under a parent this device shows, mostly */
    const placement = (k: EntityKind): Record<string, unknown> => {
      if (k === "folders" || k === "requests" || k === "runs") {
        const col = maybe(live("collections"));
        if (!col) return k === "requests" ? { folderId: "f1", order: op } : {};
        if (k === "runs") return { collectionId: col["id"] };
        const folder = maybe(live("folders").filter((f) => f["collectionId"] === col["id"]));
        return k === "folders" ? { collectionId: col["id"], parentFolderId: folder?.["id"] ?? null } : { collectionId: col["id"], folderId: folder?.["id"] ?? null, order: op };
      }
      if (k === "responses") {
        const request = maybe(live("requests"));
        return request ? { requestId: request["id"], collectionId: request["collectionId"] } : {};
      }
      if (k === "environmentVariables") {
        const env = maybe(live("environments"));
        return env ? { environmentId: env["id"] } : {};
      }
      return {};
    };
    const kind = pick(ENTITY_KINDS);
    const s = store(c, kind);
    const existing = s.list({ includeDeleted: true });
    const roll = random();
    const token = `t${op}`;
    if (roll < 0.06) {
      device.link.isCut ? device.link.heal() : device.link.cut();
      continue;
    }
    if (roll < 0.25 || existing.length === 0) {
      const id = s.create({ ...entityData(kind), ...anEdit(kind, `n${op}`), ...placement(kind) });
      world.note?.(`op${op} D${devices.indexOf(device)} create ${kind}/${id}`);
      created.set(id, kind);
      continue;
    }
    const target = pick(existing);
    if (roll < 0.33) {
      const life = lifecycle.get(target.id) ?? { deletes: 0, restores: 0 };
      if (target.deleted) {
        // restoring an entity restores its deleted ancestors (as this device shows them
        // now): they come back by this restore even if the entity moves elsewhere later;
        // and one that went with a group brings back that group's root, however its
        // ancestors moved meanwhile (the devices finish such a restore: LIFECYCLE_RULES)
        const view = deviceState(c);
        const credit = (id: string) => {
          const ancestor = lifecycle.get(id) ?? { deletes: 0, restores: 0 };
          ancestor.restores++;
          lifecycle.set(id, ancestor);
        };
        for (let up = parentIn(view, kind, view[kind]![target.id]!); up; up = parentIn(view, up[0], view[up[0]]![up[1]]!)) credit(up[1]);
        const group = fieldsOf(target)["deletedWith"];
        if (typeof group === "string" && group !== target.id) credit(group);
        world.note?.(`op${op} D${devices.indexOf(device)} restore ${kind}/${target.id}`);
        s.restore(target.id);
        life.restores++;
      } else {
        world.note?.(`op${op} D${devices.indexOf(device)} remove ${kind}/${target.id}`);
        s.remove(target.id);
        life.deletes++;
      }
      lifecycle.set(target.id, life);
      continue;
    }
    if (roll < 0.4 && kind === "requests") {
      const at = (r: unknown) => [fieldsOf(r)["collectionId"], fieldsOf(r)["folderId"]];
      const siblings = s.list().filter((r) => r.id !== target.id && deepEqual(at(r), at(target)));
      const after = siblings.length && random() < 0.8 ? pick(siblings).id : null;
      world.note?.(`op${op} D${devices.indexOf(device)} move ${kind}/${target.id} after ${String(after)}`);
      if (!target.deleted) s.move(target.id, after);
      continue;
    }
    if (roll < 0.45 && kind === "requests" && !target.deleted) {
      // move to another folder of its collection (or its top level)
      const collectionId = fieldsOf(target)["collectionId"];
      const folder = maybe(live("folders").filter((f) => f["collectionId"] === collectionId));
      const value = folder?.["id"] ?? null;
      edits.push({ op, device: devices.indexOf(device), kind, id: target.id, field: "folderId", value, base: fieldsOf(target)["folderId"] });
      world.note?.(`op${op} D${devices.indexOf(device)} update ${kind}/${target.id} folderId=${JSON.stringify(value)}`);
      s.update(target.id, { folderId: value } as never);
      continue;
    }
    const patch = random() < 0.5 ? anEdit(kind, `v${op}`) : AUX[kind](token);
    const [field, value] = Object.entries(patch)[0]!;
    edits.push({ op, device: devices.indexOf(device), kind, id: target.id, field, value, base: fieldsOf(target)[field] });
    world.note?.(`op${op} D${devices.indexOf(device)} update ${kind}/${target.id} ${field}=${JSON.stringify(value)}`);
    s.update(target.id, patch as never);
  }

  await world.settle();
  const result = await check(world, edits, created, lifecycle, options).catch((e: Error) => {
    throw new Error(`${e.message}\n  client errors: ${problems.join("; ") || "none"}`);
  });
  // a write the server refused for good is an edit lost, even if the devices agree
  const refusals = problems.filter((p) => p.includes("refused") || p.includes("could not save"));
  if (refusals.length > 0) throw new Error(`seed ${options.seed}: writes refused for good: ${refusals.join("; ")}`);
  return result;
}

export type State = Record<string, Record<string, Record<string, unknown>>>;

const PARENT_FIELDS: Partial<Record<EntityKind, [string, EntityKind][]>> = {
  folders: [["parentFolderId", "folders"], ["collectionId", "collections"]],
  requests: [["folderId", "folders"], ["collectionId", "collections"]],
  responses: [["requestId", "requests"]],
  environmentVariables: [["environmentId", "environments"]],
  runs: [["collectionId", "collections"]],
};

/** The parent an entity's fields point to (the nearest set one), if the server holds it. */
function parentIn(server: State, kind: EntityKind, doc: Record<string, unknown>): [EntityKind, string] | undefined {
  const [field, parentKind] = (PARENT_FIELDS[kind] ?? []).find(([f]) => typeof doc[f] === "string") ?? [];
  const id = field && (doc[field] as string);
  return parentKind && id && server[parentKind]?.[id] ? [parentKind, id] : undefined;
}

function liveUnderDeleted(server: State): boolean {
  return ENTITY_KINDS.some((kind) =>
    Object.values(server[kind] ?? {}).some((doc) => {
      const parent = doc["deleted"] === false && parentIn(server, kind, doc);
      return !!parent && server[parent[0]]![parent[1]]!["deleted"] === true;
    }),
  );
}

function deviceState(c: Stores): State {
  return Object.fromEntries(
    ENTITY_KINDS.map((kind) => [
      kind,
      Object.fromEntries(
        store(c, kind)
          .list({ includeDeleted: true })
          .map((e) => {
            const { pending: _p, updatedAt: _u, ...rest } = fieldsOf(e);
            return [e.id, rest];
          }),
      ),
    ]),
  );
}

async function check(
  world: ScenarioWorld,
  edits: EditRecord[],
  created: Map<string, EntityKind>,
  lifecycle: Map<string, Lifecycle>,
  options: ScenarioOptions,
): Promise<ScenarioReport> {
  const fail = (message: string): never => {
    throw new Error(`seed ${options.seed}: ${message}`);
  };
  // 1. one state everywhere
  const clients = world.devices.map((d) => d.stores);
  let server: State = {};
  await world.until("every device to hold the server's state", async () => {
    server = await world.serverState();
    // devices bring children in line with their parents after the heal: wait for that too
    return clients.every((c) => deepEqual(deviceState(c), server)) && !liveUnderDeleted(server);
  }).catch(() => {
    const diverged = clients.map((c, i) => ({ i, state: deviceState(c) })).filter(({ state }) => !deepEqual(state, server));
    if (diverged.length === 0) return; // one state, with a live child under a deleted parent: reported below
    for (const { i, state } of diverged) {
      for (const kind of ENTITY_KINDS) {
        for (const id of new Set([...Object.keys(state[kind] ?? {}), ...Object.keys(server[kind] ?? {})])) {
          if (!deepEqual(state[kind]?.[id], server[kind]?.[id])) {
            fail(`device ${i} differs from the server on ${kind}/${id}: ${JSON.stringify(state[kind]?.[id])} vs ${JSON.stringify(server[kind]?.[id])}`);
          }
        }
      }
    }
    fail("devices did not converge");
  });

  // 2. every create exactly once; nothing else but linked conflict copies
  let copies = 0;
  for (const kind of ENTITY_KINDS) {
    for (const [id, doc] of Object.entries(server[kind] ?? {})) {
      if (doc["conflictOf"]) copies++;
      else if (created.get(id) !== kind) fail(`${kind}/${id} exists but was never created (a duplicate?)`);
    }
  }
  for (const [id, kind] of created) if (!server[kind]?.[id]) fail(`${kind}/${id} was created but is gone`);

  // 3. every edit nobody built upon is visible: in the entity (live or in the trash) or
  // in a conflict copy. Copies are entities too and get edited: an edit of a copy builds
  // upon the value the copy inherited, so values are followed across an entity's family.
  const root = (kind: EntityKind, id: string): string => {
    const of = server[kind]?.[id]?.["conflictOf"];
    return typeof of === "string" && of !== id ? root(kind, of) : id;
  };
  // a conflict copy's name carries " (conflict from …)" suffixes
  const unsuffixed = (v: unknown) => (typeof v === "string" ? v.replace(/( \(conflict from [^)]*\))+$/, "") : v);
  const key = (e: EditRecord, value: unknown) => JSON.stringify([root(e.kind, e.id), e.field, unsuffixed(value)]);
  const builtUpon = new Set(edits.map((e) => key(e, e.base)));
  for (const e of edits) {
    if (builtUpon.has(key(e, e.value))) continue;
    const family = Object.values(server[e.kind] ?? {}).filter((d) => root(e.kind, String(d["id"])) === root(e.kind, e.id));
    const shows = (v: unknown) => deepEqual(unsuffixed(v), e.value);
    if (!family.some((d) => shows(d[e.field]))) {
      const history = edits.filter((x) => root(x.kind, x.id) === root(e.kind, e.id) && x.field === e.field).map((x) => `op${x.op}@D${x.device} ${x.id.slice(0, 4)}: ${JSON.stringify(x.base)} -> ${JSON.stringify(x.value)}`);
      const related = family.map((d) => JSON.stringify({ id: d["id"], [e.field]: d[e.field], rev: d["rev"], conflictOf: d["conflictOf"], deleted: d["deleted"] }));
      fail(`edit ${e.kind}/${e.id}.${e.field} = ${JSON.stringify(e.value)} was lost\n  history: ${history.join("; ")}\n  server: ${related.join("; ")}`);
    }
  }

  // 4. deletes and restores: nothing deleted unless it or its group was; nothing back
  // unless it or its family (ancestors restore with it, restoring a child restores its
  // ancestors) was restored
  const lifeOf = (id: unknown) => (typeof id === "string" ? lifecycle.get(id) : undefined) ?? { deletes: 0, restores: 0 };
  const parentOf = (kind: EntityKind, doc: Record<string, unknown>) => parentIn(server, kind, doc);
  const ancestors = (kind: EntityKind, id: string): string[] => {
    const parent = parentOf(kind, server[kind]![id]!);
    return parent ? [parent[1], ...ancestors(...parent)] : [];
  };
  const family = new Map<string, Set<string>>(); // id -> itself, its ancestors and its descendants
  for (const kind of ENTITY_KINDS) {
    for (const id of Object.keys(server[kind] ?? {})) {
      for (const member of [id, ...ancestors(kind, id)]) family.set(member, (family.get(member) ?? new Set([member])).add(id));
      for (const a of ancestors(kind, id)) family.get(id)!.add(a);
    }
  }
  for (const kind of ENTITY_KINDS) {
    for (const [id, doc] of Object.entries(server[kind] ?? {})) {
      if (doc["deleted"] === true && lifeOf(id).deletes === 0 && lifeOf(doc["deletedWith"]).deletes === 0) fail(`${kind}/${id} is deleted but nobody deleted it or its group`);
      const restored = [...(family.get(id) ?? [id])].some((m) => lifeOf(m).restores > 0);
      if (doc["deleted"] === false && lifeOf(id).deletes > 0 && !restored) fail(`${kind}/${id} came back without a restore`);
      const parent = parentOf(kind, doc);
      if (doc["deleted"] === false && parent && server[parent[0]]![parent[1]]!["deleted"] === true) fail(`${kind}/${id} is live under the deleted ${parent[0]}/${parent[1]}`);
    }
  }
  const docs = ENTITY_KINDS.flatMap((kind) => Object.values(server[kind] ?? {}).map((doc) => ({ kind, doc })));
  const report = {
    seed: options.seed,
    operations: options.operations,
    entities: created.size,
    conflictCopies: copies,
    edits: edits.length,
    /** entities under a parent the server holds */
    children: docs.filter(({ kind, doc }) => parentOf(kind, doc)).length,
    /** entities in the trash as part of a parent's group */
    deletedWithGroup: docs.filter(({ doc }) => doc["deleted"] === true && doc["deletedWith"]).length,
    ...world.defences(),
  };
  options.log?.(JSON.stringify(report));
  return report;
}
