// Each document's write state, without Firestore: what a settling write leads to, and
// what a server version does to the view while our writes are unsettled. The emulator
// tier (test/client/convergence.test.ts, offline.test.ts) drives the same decisions
// through real devices.
import { describe, expect, it } from "vitest";
import { newerThanShown, stamp, WriteState, type RefusedWrite } from "../../client/src/sync/write-state.js";

const ME = "sid-me";
const version = (rev: number, updatedBy: string, name = `v${rev}`) => ({ rev, updatedBy, name });
const refusal = (patch: Record<string, unknown>): RefusedWrite => ({ op: "update", base: version(1, ME), patch, attempt: 1 });

describe("a document's writes settling", () => {
  it("an acknowledged write with nothing held back: show-deferred, and the document is no longer being written", () => {
    const state = new WriteState();
    state.issued("a");
    expect(state.writing("a")).toBe(true);
    expect(state.settled("a")).toEqual({ next: "show-deferred" });
    expect(state.writing("a")).toBe(false);
    expect(state.idle()).toBe(true);
  });

  it("refused writes wait for every write of the document, then are merged once, all together", () => {
    const state = new WriteState();
    state.issued("a");
    state.issued("a");
    state.refusedWrite("a", refusal({ name: "x" }));
    expect(state.settled("a")).toEqual({ next: "wait" });
    state.refusedWrite("a", refusal({ method: "POST" }));
    expect(state.settled("a")).toEqual({ next: "recover", refused: [refusal({ name: "x" }), refusal({ method: "POST" })] });
    // while the merge runs, the document counts as being written (the view must not step back)
    expect(state.writing("a")).toBe(true);
    expect(state.inFlight("a")).toBe(false);
    state.recovered("a");
    expect(state.writing("a")).toBe(false);
  });

  it("a write made and acknowledged while an earlier merge runs leaves the document recovering until that merge ends", () => {
    const state = new WriteState();
    state.issued("a");
    state.refusedWrite("a", refusal({ name: "x" }));
    expect(state.settled("a").next).toBe("recover");
    state.issued("a"); // the user edits again while the merge fetches the server's version
    expect(state.settled("a")).toEqual({ next: "show-deferred" });
    expect(state.writing("a")).toBe(true);
    state.recovered("a");
    expect(state.writing("a")).toBe(false);
  });

  it("the writes of one document do not hold up another's", () => {
    const state = new WriteState();
    state.issued("a");
    state.issued("b");
    expect(state.settled("b")).toEqual({ next: "show-deferred" });
    expect(state.writing("a")).toBe(true);
    expect(state.idle()).toBe(false);
  });
});

describe("a server version arriving", () => {
  it("with nothing of ours in flight: shown when at least as new as the view, skipped when older (stale)", () => {
    const state = new WriteState();
    expect(state.arrived("a", version(2, "other"), { pending: false, sid: ME, shown: version(1, ME) })).toBe("show");
    expect(state.arrived("a", version(2, "other"), { pending: false, sid: ME, shown: version(2, "other") })).toBe("show");
    expect(state.arrived("a", version(1, "other"), { pending: false, sid: ME, shown: version(3, ME) })).toBe("skip");
    expect(state.arrived("a", version(1, "other"), { pending: false, sid: ME, shown: undefined })).toBe("show");
  });

  it("while ours is in flight: Firestore's local versions are skipped, our acknowledged one shows", () => {
    const state = new WriteState();
    state.issued("a");
    expect(state.arrived("a", version(2, ME), { pending: true, sid: ME, shown: version(2, ME) })).toBe("skip");
    expect(state.arrived("a", version(2, ME), { pending: false, sid: ME, shown: version(2, ME) })).toBe("show");
  });

  it("another device's version while ours is unsettled is held back, the newest of them, and taken once ours settle", () => {
    const state = new WriteState();
    state.issued("a");
    expect(state.arrived("a", version(3, "other"), { pending: false, sid: ME, shown: version(2, ME) })).toBe("hold");
    expect(state.arrived("a", version(2, "other"), { pending: false, sid: ME, shown: version(2, ME) })).toBe("hold");
    expect(state.takeDeferred("a")).toBeUndefined(); // still in flight
    expect(state.idle()).toBe(false);
    state.settled("a");
    expect(state.takeDeferred("a")).toEqual(version(3, "other"));
    expect(state.takeDeferred("a")).toBeUndefined();
    expect(state.idle()).toBe(true);
  });

  it("a held-back version is not taken while the merge of our refused writes runs", () => {
    const state = new WriteState();
    state.issued("a");
    state.arrived("a", version(3, "other"), { pending: false, sid: ME, shown: version(2, ME) });
    state.refusedWrite("a", refusal({ name: "x" }));
    expect(state.settled("a").next).toBe("recover");
    expect(state.takeDeferred("a")).toBeUndefined();
    state.recovered("a");
    expect(state.takeDeferred("a")).toEqual(version(3, "other"));
  });

  it("a new session starts from nothing", () => {
    const state = new WriteState();
    state.issued("a");
    state.arrived("a", version(3, "other"), { pending: false, sid: ME, shown: undefined });
    state.clear();
    expect(state.idle()).toBe(true);
    expect(state.takeDeferred("a")).toBeUndefined();
  });
});

describe("writes made while a merge runs", () => {
  it("are held: counted in flight and refused, settled only when the merge ends, then merged in the next round", () => {
    const state = new WriteState();
    state.issued("a");
    state.refusedWrite("a", refusal({ name: "x" }));
    expect(state.settled("a").next).toBe("recover");
    expect(state.merging("a")).toBe(true);
    let released = 0;
    state.hold("a", refusal({ name: "y" }), () => released++);
    expect(released).toBe(0);
    expect(state.inFlight("a")).toBe(true);
    state.recovered("a");
    expect(released).toBe(1);
    expect(state.merging("a")).toBe(false);
    // the held write settles as a refused one: the next round merges it
    expect(state.settled("a")).toEqual({ next: "recover", refused: [refusal({ name: "y" })] });
  });

  it("a new session releases what was held (the next start merges it from the outbox)", () => {
    const state = new WriteState();
    state.issued("a");
    state.refusedWrite("a", refusal({ name: "x" }));
    state.settled("a");
    let released = 0;
    state.hold("a", refusal({ name: "y" }), () => released++);
    state.clear();
    expect(released).toBe(1);
    expect(state.idle()).toBe(true);
  });
});

describe("writes an earlier run of the app left queued", () => {
  it("show as the user wrote them, count as in flight until the document arrives without them, then the server's version shows, even if older", () => {
    const state = new WriteState();
    // Firestore's local version, with no write of ours in flight: an earlier run's
    expect(state.arrived("a", version(5, ME), { pending: true, sid: ME, shown: undefined })).toBe("show");
    expect(state.writing("a")).toBe(true);
    expect(state.idle()).toBe(false);
    expect(state.arrived("a", version(6, ME), { pending: true, sid: ME, shown: version(5, ME) })).toBe("skip");
    // refused after the restart: Firestore falls back to the server's rev 4, which must show
    expect(state.arrived("a", version(4, "other"), { pending: false, sid: ME, shown: version(5, ME) })).toBe("show");
    expect(state.writing("a")).toBe(false);
    // after that, an older version is stale again
    expect(state.arrived("a", version(3, "other"), { pending: false, sid: ME, shown: version(4, "other") })).toBe("skip");
  });

  it("a delta listener's removal tells once that the queue drained", () => {
    const state = new WriteState();
    state.arrived("a", version(5, ME), { pending: true, sid: ME, shown: undefined });
    expect(state.queueDrained("a")).toBe(true);
    expect(state.queueDrained("a")).toBe(false);
    expect(state.writing("a")).toBe(false);
  });
});

describe("an earlier run's unsettled writes, adopted from the outbox", () => {
  it("of a document with nothing queued: they settle at once and are merged", () => {
    const state = new WriteState();
    expect(state.adopt("a", refusal({ name: "x" }))).toBe(true);
    expect(state.merging("a")).toBe(false);
    expect(state.settled("a")).toEqual({ next: "recover", refused: [refusal({ name: "x" })] });
  });

  it("of a document Firestore still holds queued writes of: they wait for the queue to drain, and edits made meanwhile are held to join their merge", () => {
    const state = new WriteState();
    state.arrived("a", version(3, ME), { pending: true, sid: ME, shown: undefined });
    expect(state.adopt("a", refusal({ name: "x" }))).toBe(false);
    expect(state.adopt("a", refusal({ url: "u" }))).toBe(false);
    // a new edit would build on a queued version that may yet be refused
    expect(state.merging("a")).toBe(true);
    let released = 0;
    state.hold("a", refusal({ method: "PUT" }), () => released++);
    expect(state.takeDrained("a")).toBe(0);
    // still queued: nothing settles, nothing shows
    expect(state.arrived("a", version(4, ME), { pending: true, sid: ME, shown: version(3, ME) })).toBe("skip");
    // drained: the merge will show the server's version, so this one is skipped
    expect(state.arrived("a", version(4, ME), { pending: false, sid: ME, shown: version(3, ME) })).toBe("skip");
    expect(released).toBe(1);
    expect(state.takeDrained("a")).toBe(2);
    expect(state.takeDrained("a")).toBe(0);
    expect(state.merging("a")).toBe(false);
    // the two adopted writes and the held one settle: one merge of all three
    expect(state.settled("a")).toEqual({ next: "wait" });
    expect(state.settled("a")).toEqual({ next: "wait" });
    expect(state.settled("a")).toEqual({ next: "recover", refused: [refusal({ name: "x" }), refusal({ url: "u" }), refusal({ method: "PUT" })] });
  });

  it("a delta listener's removal drains the queue too", () => {
    const state = new WriteState();
    state.arrived("a", version(3, ME), { pending: true, sid: ME, shown: undefined });
    state.adopt("a", refusal({ name: "x" }));
    expect(state.queueDrained("a")).toBe(true);
    expect(state.takeDrained("a")).toBe(1);
  });

  it("a new session forgets them", () => {
    const state = new WriteState();
    state.arrived("a", version(3, ME), { pending: true, sid: ME, shown: undefined });
    state.adopt("a", refusal({ name: "x" }));
    state.clear();
    expect(state.merging("a")).toBe(false);
    expect(state.idle()).toBe(true);
  });
});

describe("stamping and ordering versions", () => {
  it("a create starts at rev 1, live; an update counts on from its base and names the base's writer", () => {
    expect(stamp("create", undefined, ME)).toEqual({ rev: 1, deleted: false, updatedBy: ME });
    expect(stamp("update", version(4, "other"), ME)).toEqual({ rev: 5, baseBy: "other", updatedBy: ME });
    expect(stamp("lifecycle", version(1, ME), ME)).toEqual({ rev: 2, baseBy: ME, updatedBy: ME });
  });

  it("a version is newer than the view only with a higher rev (an audit never steps back or re-shows)", () => {
    expect(newerThanShown(version(2, "x"), version(1, "y"))).toBe(true);
    expect(newerThanShown(version(2, "x"), version(2, "y"))).toBe(false);
    expect(newerThanShown(version(1, "x"), undefined)).toBe(true);
  });
});
