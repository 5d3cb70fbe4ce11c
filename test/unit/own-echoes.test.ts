// Counting the server's deliveries of this device's own writes once each, whichever of
// the acknowledgement and the view comes first (the wire meter in ledger.test.ts checks
// the same against the emulator).
import { describe, expect, it } from "vitest";
import { OwnEchoes } from "../../client/src/sync/own-echoes.js";

describe("OwnEchoes", () => {
  it("three quick edits of one document: three reads, though the view shows only the last", () => {
    const echoes = new OwnEchoes();
    const counted = [echoes.acknowledged("d", 1), echoes.acknowledged("d", 2), echoes.acknowledged("d", 3), echoes.delivered("d", 3, true, false)];
    expect(counted).toEqual([true, true, true, false]);
    // the wait is over: a later version of our own is counted when shown
    expect(echoes.delivered("d", 4, true, false)).toBe(true);
  });

  it("a version shown before its acknowledgement is counted once, when shown", () => {
    const echoes = new OwnEchoes();
    expect(echoes.delivered("d", 1, true, true)).toBe(true);
    expect(echoes.acknowledged("d", 1)).toBe(false);
    expect(echoes.acknowledged("d", 2)).toBe(true);
  });

  it("other devices' versions are always counted, and end the wait for an echo they supersede", () => {
    const echoes = new OwnEchoes();
    expect(echoes.acknowledged("d", 1)).toBe(true);
    expect(echoes.delivered("d", 2, false, false)).toBe(true);
    // our own version 1 arriving late is not skipped as an echo any more: it is a delivery
    expect(echoes.delivered("d", 1, true, false)).toBe(true);
    expect(echoes.delivered("e", 7, false, false)).toBe(true);
  });

  it("own versions shown with no write in flight (a resumed session's documents) are counted, and nothing is kept for them", () => {
    const echoes = new OwnEchoes();
    expect(echoes.delivered("d", 5, true, false)).toBe(true);
    // no acknowledgement was awaited: a later one for another version is counted normally
    expect(echoes.acknowledged("d", 6)).toBe(true);
  });
});
