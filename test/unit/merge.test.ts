// The merge of a document's refused writes, case by case (the randomized convergence test
// drives it through real devices; these pin down what each shape of history gives).
import { describe, expect, it } from "vitest";
import { mergeRefused } from "../../client/src/sync/merge.js";

const original = { name: "Login", method: "GET", status: "draft" };

describe("merging refused writes into the server's version", () => {
  it("writes that build on each other, on a server that changed other fields: all applied, no copy", () => {
    const result = mergeRefused({ ...original, method: "POST" }, [
      { base: original, patch: { name: "Login 2" } },
      { base: { ...original, name: "Login 2" }, patch: { name: "Login 3", status: "done" } },
    ]);
    expect(result).toEqual({ apply: { name: "Login 3", status: "done" }, copies: [] });
  });

  it("a line of edits of a field the server changed too: the server's value stands, one copy ends as the device's last version", () => {
    const result = mergeRefused({ ...original, name: "Server" }, [
      { base: original, patch: { name: "Mine 1" } },
      { base: { ...original, name: "Mine 1" }, patch: { status: "done" } },
      { base: { ...original, name: "Mine 1", status: "done" }, patch: { name: "Mine 2" } },
    ]);
    expect(result.apply).toEqual({ status: "done" });
    expect(result.copies).toEqual([{ ...original, name: "Mine 2", status: "done" }]);
  });

  it("a write made after the view moved away from an earlier one does not erase it: each survives, in the item or a copy", () => {
    // The device wrote "Mine 1", then (its view showing another version meanwhile) wrote
    // "Mine 2" on top of the original: "Mine 1" reaches the server, "Mine 2" clashes with it.
    const result = mergeRefused(original, [
      { base: original, patch: { name: "Mine 1" } },
      { base: original, patch: { name: "Mine 2" } },
    ]);
    expect(result).toEqual({ apply: { name: "Mine 1" }, copies: [{ ...original, name: "Mine 2" }] });
  });

  it("two unrelated lines that both clash with the server: two copies, neither value lost", () => {
    const result = mergeRefused({ ...original, name: "Server" }, [
      { base: original, patch: { name: "Mine 1" } },
      { base: original, patch: { name: "Mine 2" } },
      { base: { ...original, name: "Mine 2" }, patch: { name: "Mine 3" } },
    ]);
    expect(result.apply).toEqual({});
    expect(result.copies.map((c) => c["name"])).toEqual(["Mine 1", "Mine 3"]);
  });

  it("a write of the value the server already holds: nothing to apply, no copy", () => {
    expect(mergeRefused({ ...original, name: "Same" }, [{ base: original, patch: { name: "Same" } }])).toEqual({ apply: {}, copies: [] });
  });
});
