// When the client reconnects because its writes went unacknowledged (the live-connection
// case runs against the emulator in status.test.ts; this pins down the timing policy).
import { describe, expect, it } from "vitest";
import { checkForStall, type StallState } from "../../client/src/status/stall-watch.js";
import { StatusTracker } from "../../client/src/status/status.js";

const STALL = 5_000;

/** A connected tracker on a clock the test moves, and a check that counts reconnects. */
function setup() {
  let clock = 0;
  const tracker = new StatusTracker(() => clock);
  tracker.start(["requests"]);
  tracker.report("requests", { fromCache: false, hasPendingWrites: false });
  const state: StallState = { reconnectedAt: 0, windowMs: STALL };
  let reconnects = 0;
  /** moves the clock to `ms` and checks; returns the reconnects so far */
  const at = (ms: number) => {
    clock = ms;
    checkForStall(tracker, state, { stallMs: STALL, reconnect: async () => void reconnects++ });
    return reconnects;
  };
  const settled = () => new Promise((r) => setTimeout(r, 0));
  /** a write that the server acknowledges when the returned function is called */
  const write = () => {
    let ack!: () => void;
    tracker.track(new Promise<void>((r) => (ack = r)));
    return async () => {
      ack();
      await settled();
    };
  };
  return { tracker, at, write, setClock: (ms: number) => (clock = ms) };
}

describe("reconnecting after stalled writes", () => {
  it("nothing waiting, or everything acknowledged: no reconnect however long", async () => {
    const { tracker, at, write } = setup();
    expect(at(60_000)).toBe(0);
    const ack = write();
    await ack();
    expect(tracker.snapshot.status).toBe("IN_SYNC");
    expect(at(120_000)).toBe(0);
  });

  it("a write unacknowledged for the window reconnects; each reconnect that brings nothing doubles the next wait", () => {
    const { at, write } = setup();
    write();
    expect(at(STALL - 1)).toBe(0);
    expect(at(STALL)).toBe(1);
    expect(at(STALL + 2 * STALL - 1)).toBe(1);
    expect(at(3 * STALL)).toBe(2);
    expect(at(3 * STALL + 4 * STALL - 1)).toBe(2);
    expect(at(7 * STALL)).toBe(3);
  });

  it("an acknowledgement after a reconnect starts the short window again, from that acknowledgement", async () => {
    const { at, write, setClock } = setup();
    write();
    expect(at(STALL)).toBe(1);
    const ack = write();
    setClock(STALL + 1_000);
    await ack(); // progress at STALL + 1000; the first write still waits
    expect(at(STALL + 1_000 + STALL - 1)).toBe(1);
    expect(at(STALL + 1_000 + STALL)).toBe(2);
  });

  it("cut off after contact (a stream error, a real outage), writes waiting or not: reconnects on the same doubling windows, from the cut", () => {
    const { tracker, at } = setup();
    tracker.report("requests", { fromCache: true, hasPendingWrites: false });
    expect(tracker.snapshot.status).toBe("CONNECTING");
    expect(at(STALL - 1)).toBe(0);
    expect(at(STALL)).toBe(1);
    expect(at(3 * STALL - 1)).toBe(1);
    expect(at(3 * STALL)).toBe(2);
  });

  it("before the first contact of a session: Firestore is making it; no reconnect from here", () => {
    let clock = 0;
    const tracker = new StatusTracker(() => clock);
    tracker.start(["requests"]);
    tracker.track(new Promise<void>(() => undefined));
    const state: StallState = { reconnectedAt: 0, windowMs: STALL };
    let reconnects = 0;
    clock = 10 * STALL;
    checkForStall(tracker, state, { stallMs: STALL, reconnect: async () => void reconnects++ });
    expect(tracker.snapshot.status).toBe("CONNECTING");
    expect(reconnects).toBe(0);
  });
});
