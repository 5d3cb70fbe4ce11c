// Edits a device had not synced when its session ended without the user signing out
// (revoked from another device, evicted by a fourth, expired). The device still stops and
// wipes itself, since its session no longer vouches for it, but these edits are kept,
// sealed with the secrets key, which the wipe removes: only signing in again, with the
// password (or the secrets passphrase), opens them. The next sign-in to the same account
// lists them in the outbox again, and the start merges them as it merges any earlier
// run's unsettled writes (store/outbox.ts): fields retried on the server's version,
// conflict copies where they clash. Another account never reads them: they are stored
// under the account's uid, and the key is derived from the uid too.
import { ENTITY_KINDS, type EntityKind } from "../../../schema/index.js";
import type { SecretCipher } from "../secrets/cipher.js";
import type { RefusedWrite } from "../sync/write-state.js";
import { PREFIX, randomId, type KeyValueStorage } from "../util/storage.js";
import { Outbox } from "./outbox.js";

interface HeldEdit {
  kind: EntityKind;
  id: string;
  write: Omit<RefusedWrite, "key">;
}

/** What is stored: the count in the clear (to tell the user), the edits sealed. */
interface Sealed {
  count: number;
  sealed: string;
}

export class HeldEdits {
  private readonly prefix: string;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly uid: string,
  ) {
    this.prefix = `${PREFIX}held:${uid}:`;
  }

  private outbox(kind: EntityKind, run: string): Outbox {
    return new Outbox(this.storage, this.uid, kind, run);
  }

  /** Whether a storage key holds sealed edits (a wipe at a session's end keeps them). */
  isHeld(key: string): boolean {
    return key.startsWith(this.prefix);
  }

  /**
   * Seals every write of the account still listed in the outbox, in the order they were
   * made; `save` stores them (call it once the wipe is done). Nothing to seal: count 0.
   */
  async seal(cipher: SecretCipher): Promise<{ count: number; save: () => void }> {
    const edits = ENTITY_KINDS.flatMap((kind) => this.outbox(kind, "").entries().map((e) => ({ seq: e.seq, edit: { kind, id: e.id, write: withoutKey(e.write) } })))
      .sort((a, b) => a.seq.localeCompare(b.seq))
      .map((e) => e.edit);
    if (edits.length === 0) return { count: 0, save: () => undefined };
    const value: Sealed = { count: edits.length, sealed: await cipher.encrypt(JSON.stringify(edits)) };
    return { count: edits.length, save: () => this.storage.setItem(`${this.prefix}${Date.now()}-${randomId(6)}`, JSON.stringify(value)) };
  }

  /** How many edits wait for a sign-in to this account, without opening them. */
  count(): number {
    return this.keys().reduce((n, key) => n + ((JSON.parse(this.storage.getItem(key) ?? "{}") as Partial<Sealed>).count ?? 0), 0);
  }

  /**
   * Lists the held edits in the outbox again, under a run that no longer lives (so the
   * start adopts them), and forgets what it listed. Edits sealed with another key (the
   * password changed since) stay held: `locked` counts them.
   */
  async release(cipher: SecretCipher): Promise<{ released: number; locked: number }> {
    const run = randomId(12);
    let released = 0;
    let locked = 0;
    for (const key of this.keys()) {
      const { count, sealed } = JSON.parse(this.storage.getItem(key)!) as Sealed;
      const plain = await cipher.decrypt(sealed);
      if (plain === undefined) {
        locked += count;
        continue;
      }
      for (const { kind, id, write } of JSON.parse(plain) as HeldEdit[]) this.outbox(kind, run).add(id, write);
      this.storage.removeItem(key);
      released += count;
    }
    return { released, locked };
  }

  private keys(): string[] {
    return this.storage.keys(this.prefix).sort();
  }
}

const withoutKey = ({ key: _key, ...write }: RefusedWrite): Omit<RefusedWrite, "key"> => write;
