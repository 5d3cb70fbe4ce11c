// Key order kept apart from the data (Firestore does not keep it) and put back on export.
import { describe, expect, it } from "vitest";
import { decodeKeyOrder, encodeKeyOrder, inKeyOrder, keyOrderOf } from "../../client/src/interop/key-order.js";

/** What Firestore hands back: the same data with keys sorted. */
const shuffled = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(shuffled) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, shuffled((v as Record<string, unknown>)[k])])) : v;

describe("key order", () => {
  const file = { z: 1, a: { y: [{ q: 1, b: 2 }, "s", { k: { w: 0, c: 0 } }], x: null }, m: "last" };

  it("puts every nested object back in the file's order, byte for byte", () => {
    const tree = decodeKeyOrder(encodeKeyOrder(keyOrderOf(file)));
    expect(JSON.stringify(inKeyOrder(shuffled(file), tree), null, 2)).toBe(JSON.stringify(file, null, 2));
  });

  it("keys added after the import follow the known ones; removed keys are simply absent", () => {
    const tree = keyOrderOf({ b: 1, a: 2 });
    expect(Object.keys(inKeyOrder({ a: 2, c: 3, b: 1 }, tree))).toEqual(["b", "a", "c"]);
    expect(Object.keys(inKeyOrder({ a: 2 }, tree))).toEqual(["a"]);
  });

  it("children that are entities of their own are skipped", () => {
    expect(keyOrderOf({ name: "f", item: [{ b: 1, a: 2 }] }, ["item"])).toEqual({ k: ["name", "item"] });
  });
});
