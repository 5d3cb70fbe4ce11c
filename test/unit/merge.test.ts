// The merge of a document's refused writes, case by case (the randomized convergence test
// drives it through real devices; these pin down what each shape of history gives).
import { describe, expect, it } from "vitest";
import { mergeRefused, retryLifecycle } from "../../client/src/sync/merge.js";
import { REMOVED } from "../../client/src/sync/patch.js";

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

  it("a removal (an upgrade taking a renamed field away) counts as the field's absence: none where the server took it away too, a copy without it on a clash", () => {
    const upgrade = { base: original, patch: { title: "Login", name: REMOVED, schemaVersion: 2 } };
    // another device upgraded first: the same change, nothing to apply for the removal, no clash
    expect(mergeRefused({ method: "GET", status: "draft", title: "Login", schemaVersion: 2 }, [upgrade])).toEqual({ apply: {}, copies: [] });
    // the server still has the field: the removal is applied with the rest
    expect(mergeRefused({ ...original, method: "POST" }, [upgrade])).toEqual({ apply: upgrade.patch, copies: [] });
    // the field was renamed elsewhere meanwhile: the local version is a copy, without the removed field
    const result = mergeRefused({ ...original, name: "Server" }, [upgrade]);
    expect(result.copies).toEqual([{ method: "GET", status: "draft", title: "Login", schemaVersion: 2 }]);
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

describe("a refused delete or restore", () => {
  const live = { deleted: false, deletedWith: null, deletion: null };
  const ownDelete = { deleted: true, deletedWith: null, deletion: "del-mine" };
  const restore = { deleted: false, deletedWith: null };

  it("is written again when nobody changed the lifecycle since its base (only other fields moved on)", () => {
    expect(retryLifecycle({ base: live, patch: ownDelete }, { ...live, name: "changed" })).toBe(true);
    expect(retryLifecycle({ base: { deleted: true, deletion: "d1" }, patch: restore }, { deleted: true, deletion: "d1" })).toBe(true);
  });

  it("is dropped when another device's delete or restore is newer", () => {
    // restored elsewhere after our base: our delete does not undo that restore
    expect(retryLifecycle({ base: { deleted: true, deletion: "d0" }, patch: { deleted: true, deletedWith: "parent", deletion: "d1" } }, { deleted: false, deletion: "d0" })).toBe(false);
    // deleted elsewhere: nothing to do
    expect(retryLifecycle({ base: live, patch: ownDelete }, { deleted: true, deletedWith: null, deletion: "del-theirs" })).toBe(false);
    // our restore undid deletion d1; the item is in the trash by a newer deletion d2
    expect(retryLifecycle({ base: { deleted: true, deletion: "d1" }, patch: restore }, { deleted: true, deletion: "d2" })).toBe(false);
  });

  it("a delete of the item itself stands over a cascade that swept it into its parent's trash group meanwhile", () => {
    const swept = { deleted: true, deletedWith: "folder-1", deletion: "del-folder" };
    expect(retryLifecycle({ base: live, patch: ownDelete }, swept)).toBe(true);
    // also when our retry was refused again (its base was the swept version)
    expect(retryLifecycle({ base: swept, patch: ownDelete }, { ...swept, name: "edited" })).toBe(true);
    // a cascade of ours (into a group) does not displace another's
    expect(retryLifecycle({ base: live, patch: { deleted: true, deletedWith: "folder-2", deletion: "d9" } }, swept)).toBe(false);
  });
});
