// The scenario's world in the simulator: devices running the client's own stores (the
// sync protocol, cascades, reconciliation, audits) over in-memory replicas of one
// in-memory server, with a seeded scheduler owning every delivery, reply, cut, heal,
// timer and id. Same seed, same trace.
import { ENTITY_KINDS } from "../../client/src/index.js";
import { AccountStores } from "../../client/src/store/account-stores.js";
import { conflictCopies } from "../../client/src/sync/conflicts.js";
import type { AuditResult } from "../../client/src/store/audit.js";
import { emptyMetrics, type SessionContext, type SyncMetrics } from "../../client/src/store/context.js";
import { DEFAULT_AUDIT_SCHEDULE, scheduleAudits } from "../../client/src/status/audit-schedule.js";
import { StatusTracker } from "../../client/src/status/status.js";
import { memoryStorage, type KeyValueStorage } from "../../client/src/util/storage.js";
import { operationSeed, type ScenarioDevice, type ScenarioWorld, type State } from "../convergence/scenario.js";
import { SimReplica, SimServer, type Action, type Faults } from "./memory-firestore.js";
import { Scheduler } from "./scheduler.js";

const AUDIT_CONFIRM_MS = 10_000;
/** rounds of "run to quiet, audit" a settle may take before the devices count as stuck */
const SETTLE_ROUNDS = 8;

export interface SimOptions {
  seed: number;
  devices?: number;
  faults?: Partial<Faults>;
  /** the most network steps between two operations (a random number up to it is taken) */
  stepsBetween?: number;
  /** the chance, between two operations, that a device's app closes and starts again on its cache */
  restarts?: number;
  /** the network's choices after each operation come from a stream of that operation's own (see ScenarioOptions.perOperation) */
  perOperation?: boolean;
}

interface SimDevice extends ScenarioDevice {
  name: string;
  stores: AccountStores;
  storage: KeyValueStorage;
  /** stops the app's audit schedule */
  stopAudits: () => void;
  replica: SimReplica;
  tracker: StatusTracker;
  metrics: SyncMetrics;
}

export class SimWorld implements ScenarioWorld {
  readonly scheduler: Scheduler;
  readonly server: SimServer;
  readonly devices: SimDevice[] = [];
  readonly problems: string[] = [];
  private readonly stepsBetween: number;
  private readonly restarts: number;
  private readonly seed: number;
  private readonly perOperation: boolean;
  private ids = 0;
  private idTag = "";

  constructor(options: SimOptions) {
    this.scheduler = new Scheduler(options.seed);
    this.server = new SimServer(this.scheduler);
    this.stepsBetween = options.stepsBetween ?? 6;
    this.restarts = options.restarts ?? 0.01;
    this.seed = options.seed;
    this.perOperation = options.perOperation ?? false;
    const faults: Faults = { skipListen: 0, ...options.faults };
    for (let i = 0; i < (options.devices ?? 3); i++) this.devices.push(this.device(i, faults));
  }

  private device(i: number, faults: Faults): SimDevice {
    const name = `D${i}`;
    const sid = `sid-${name}`;
    const replica = new SimReplica(name, this.server, sid, this.scheduler, faults);
    const tracker = new StatusTracker(() => this.scheduler.now());
    const metrics = emptyMetrics();
    const storage = memoryStorage();
    const link = {
      get isCut() {
        return !replica.isOnline;
      },
      cut: () => {
        this.scheduler.trace(`${name} cut`);
        replica.cut();
      },
      heal: () => {
        this.scheduler.trace(`${name} heal`);
        replica.heal();
      },
    };
    const device: SimDevice = { name, stores: new AccountStores(), replica, tracker, metrics, link, storage, stopAudits: () => undefined };
    this.open(device);
    return device;
  }

  /** Starts the app's session on the device: its stores open on the replica (a persistent cache). */
  private open(device: SimDevice): void {
    const { name, replica, tracker, metrics, storage, stores } = device;
    const ctx: SessionContext = {
      db: undefined as never, // the stores' sync path reaches the server only through `remote`
      remote: replica,
      clock: this.scheduler,
      newId: () => `${name}-${this.idTag}${(this.ids++).toString(36)}`,
      uid: "sim-user",
      sid: `sid-${name}`,
      deviceName: name,
      conflicts: conflictCopies,
      status: tracker,
      cipher: undefined,
      storage,
      metrics,
      reportError: (e) => this.problems.push(`${name}: ${e.code}: ${e.message}`),
      accessLost: () => this.problems.push(`${name}: access lost`),
    };
    tracker.start([...ENTITY_KINDS]);
    void stores.open(ctx, { persistent: true, auditConfirmMs: AUDIT_CONFIRM_MS, report: (kind, fromCache, hasPendingWrites) => tracker.report(kind, { fromCache, hasPendingWrites }) });
    // the client's own schedule: a pass after each start and reconnect; after a repair it reconnects
    const reconnect = () => {
      this.scheduler.trace(`${name} reconnect`);
      replica.cut();
      replica.heal();
    };
    device.stopAudits = scheduleAudits(tracker, stores.audits(), { ...DEFAULT_AUDIT_SCHEDULE, confirmMs: AUDIT_CONFIRM_MS }, reconnect, this.scheduler);
  }

  /** The app closes (no sign-out) and starts again: the cache, its queued writes and the checkpoints stay. */
  private restart(device: SimDevice): void {
    this.scheduler.trace(`${device.name} restart`);
    device.stopAudits();
    device.stores.close();
    device.tracker.stop();
    device.replica.restart();
    device.stores = new AccountStores();
    this.open(device);
  }

  private actions(): Action[] {
    return this.devices.flatMap((d) => d.replica.actions());
  }

  /** Runs until nothing is in flight and no timer is set; false if `limit` steps did not get there. */
  async quiet(limit = 1_000_000): Promise<boolean> {
    for (let i = 0; i < limit; i++) {
      const actions = this.actions();
      if (actions.length === 0 && !this.scheduler.hasTimers()) return true;
      if (!(await this.scheduler.step(actions))) return true;
    }
    return false;
  }

  note(line: string): void {
    this.scheduler.trace(line);
  }

  /**
   * With a stream per operation, the network's choices and the new ids after an
   * operation depend on that operation alone, not on how many came before: dropping
   * operations (the shrink) leaves the others' ids and choices as they were.
   */
  beforeOperation(op: number): void {
    if (!this.perOperation) return;
    this.scheduler.reseed(operationSeed(this.seed, op));
    this.idTag = `${op.toString(36)}-`;
    this.ids = 0;
  }

  async between(): Promise<void> {
    if (this.scheduler.random() < this.restarts) this.restart(this.devices[Math.floor(this.scheduler.random() * this.devices.length)]!);
    const steps = Math.floor(this.scheduler.random() * (this.stepsBetween + 1));
    for (let i = 0; i < steps; i++) await this.scheduler.step(this.actions());
  }

  /**
   * Heals every link and runs to quiet; then audits every kind on every device (a real
   * client does after each start and reconnect) until all match the server, letting the
   * confirmation time pass between rounds. A device not IN_SYNC then is stuck.
   */
  async settle(): Promise<void> {
    for (const d of this.devices) d.link.heal();
    for (let round = 0; round < SETTLE_ROUNDS; round++) {
      if (!(await this.quiet())) throw new Error("the simulation did not quieten");
      const results: AuditResult[] = [];
      for (const d of this.devices) {
        for (const audit of d.stores.audits()) {
          const pass = audit().then((r) => void results.push(r));
          await this.quiet();
          await pass;
        }
      }
      if (results.every((r) => r === "match")) break;
      this.scheduler.after(AUDIT_CONFIRM_MS, () => undefined);
    }
    if (!(await this.quiet())) throw new Error("the simulation did not quieten");
    for (const [i, d] of this.devices.entries()) {
      if (d.tracker.snapshot.status !== "IN_SYNC") this.problems.push(`D${i}: stuck at ${d.tracker.snapshot.status} with ${d.tracker.snapshot.pendingWrites} pending`);
    }
  }

  async serverState(): Promise<State> {
    const state: State = Object.fromEntries(ENTITY_KINDS.map((k) => [k, {}]));
    for (const [path, data] of this.server.docs) {
      const [kind, id] = path.split("/") as [string, string];
      const { updatedAt: _u, baseBy: _b, ...rest } = data;
      state[kind]![id] = { ...rest, id };
    }
    return state;
  }

  async until(what: string, holds: () => Promise<boolean>): Promise<void> {
    if (!(await holds())) throw new Error(`${what}: not so after the simulation settled`);
  }

  defences(): { stallReconnects: number; auditRepairs: number } {
    return { stallReconnects: 0, auditRepairs: this.devices.reduce((sum, d) => sum + d.metrics.auditRepairs, 0) };
  }

  close(): void {
    for (const d of this.devices) {
      d.stopAudits();
      d.stores.close();
    }
  }
}
