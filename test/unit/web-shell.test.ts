// The web app's pure parts: the sidebar's rows (collapse, search, order), its keyboard,
// URL text and parameter table in step, and form drafts over items that change elsewhere.
import { describe, expect, it } from "vitest";
import type { Entity } from "../../client/src/index.js";
import { queryAfterTextEdit, queryOf, withQuery } from "../../web/src/editor/url-query.js";
import { revealed, treeKey, treeRows, type TreeData } from "../../web/src/sidebar/tree-rows.js";
import { changed, dirty, edit, incoming, resolve, startDraft } from "../../web/src/ui/draft.js";

const meta = { rev: 1, updatedAt: null, updatedBy: "s", deleted: false, pending: false };
const collection = (id: string, name: string, order = 0) => ({ ...meta, id, name, order }) as Entity<"collections">;
const folder = (id: string, name: string, parentFolderId: string | null, order: number) => ({ ...meta, id, name, collectionId: "c", parentFolderId, order }) as Entity<"folders">;
const request = (id: string, name: string, folderId: string | null, order: number, url = `https://api.test/${id}`) =>
  ({ ...meta, id, name, collectionId: "c", folderId, order, method: "GET", url: { raw: url }, headers: [] }) as Entity<"requests">;

// c: [Auth: [Tokens: [refresh]], login, Billing: [charge]]
const data: TreeData = {
  collections: [collection("c", "Shop")],
  folders: [folder("auth", "Auth", null, 1), folder("tokens", "Tokens", "auth", 1), folder("billing", "Billing", null, 3)],
  requests: [request("refresh", "Refresh token", "tokens", 1), request("login", "Log in", null, 2), request("charge", "Charge", "billing", 1, "https://pay.test/v1/charges")],
};
const shown = (rows: ReturnType<typeof treeRows>) => rows.map((r) => `${"  ".repeat(r.depth)}${r.name}${r.hasChildren ? (r.expanded ? " -" : " +") : ""}`);

describe("sidebar rows", () => {
  it("collections start open and folders closed, in the synced order with folders and requests mixed", () => {
    expect(shown(treeRows(data, new Set()))).toEqual(["Shop -", "  Auth +", "  Log in", "  Billing +"]);
  });
  it("a toggled folder opens (to any depth) and a toggled collection closes", () => {
    expect(shown(treeRows(data, new Set(["auth", "tokens"])))).toEqual(["Shop -", "  Auth -", "    Tokens -", "      Refresh token", "  Log in", "  Billing +"]);
    expect(shown(treeRows(data, new Set(["c"])))).toEqual(["Shop +"]);
  });
  it("a search by name or URL shows the matches with the folders around them open, whatever was collapsed", () => {
    expect(shown(treeRows(data, new Set(["c"]), "refresh"))).toEqual(["Shop -", "  Auth -", "    Tokens -", "      Refresh token"]);
    expect(shown(treeRows(data, new Set(), "PAY.test"))).toEqual(["Shop -", "  Billing -", "    Charge"]);
    // a folder matching by name is shown, closed when nothing inside matches
    expect(shown(treeRows(data, new Set(), "bill"))).toEqual(["Shop -", "  Billing +"]);
    expect(treeRows(data, new Set(), "nothing like it")).toEqual([]);
  });
  it("revealing an item opens the folders and collection around it, and changes nothing when they are open", () => {
    const open = revealed(data, "requests", "refresh", new Set(["c"]));
    expect(shown(treeRows(data, open))).toEqual(["Shop -", "  Auth -", "    Tokens -", "      Refresh token", "  Log in", "  Billing +"]);
    expect(revealed(data, "requests", "refresh", open)).toBe(open);
    expect(revealed(data, "folders", "tokens", new Set())).toEqual(new Set(["auth"]));
  });
  it("keeps 2,000 requests to a handful of rows until opened, and lists them all when opened", () => {
    const big: TreeData = {
      collections: [collection("c", "Big")],
      folders: Array.from({ length: 20 }, (_, f) => folder(`f${f}`, `Folder ${f}`, null, f)),
      requests: Array.from({ length: 2000 }, (_, i) => request(`r${i}`, `Request ${i}`, `f${i % 20}`, i)),
    };
    expect(treeRows(big, new Set())).toHaveLength(21);
    expect(treeRows(big, new Set(big.folders.map((f) => f.id)))).toHaveLength(2021);
    expect(treeRows(big, new Set(), "request 1999").map((r) => r.id)).toEqual(["c", "f19", "r1999"]);
  });
});

describe("sidebar keyboard", () => {
  const rows = treeRows(data, new Set(["auth"]));
  it("arrows move through the rows, right opens then enters, left closes then climbs", () => {
    expect(treeKey(rows, null, "ArrowDown")).toEqual({ select: "c" });
    expect(treeKey(rows, "c", "ArrowDown")).toEqual({ select: "auth" });
    expect(treeKey(rows, "login", "ArrowUp")).toEqual({ select: "tokens" });
    expect(treeKey(rows, "tokens", "ArrowRight")).toEqual({ toggle: "tokens" });
    expect(treeKey(rows, "auth", "ArrowRight")).toEqual({ select: "tokens" });
    expect(treeKey(rows, "auth", "ArrowLeft")).toEqual({ toggle: "auth" });
    expect(treeKey(rows, "tokens", "ArrowLeft")).toEqual({ select: "auth" });
    expect(treeKey(rows, "login", "ArrowLeft")).toEqual({ select: "c" });
    expect(treeKey(rows, "auth", "End")).toEqual({ select: "billing" });
    expect(treeKey(rows, "billing", "ArrowDown")).toEqual({ select: "billing" });
    expect(treeKey(rows, "login", "Enter")).toEqual({});
  });
});

describe("URL text and parameters", () => {
  it("reads the enabled parameters from the text as written", () => {
    expect(queryOf("{{base}}/items?page=2&q={{term}}&flag#top")).toEqual([{ key: "page", value: "2" }, { key: "q", value: "{{term}}" }, { key: "flag", value: null }]);
    expect(queryOf("https://api.test/")).toEqual([]);
  });
  it("writes the table's enabled parameters into the text, keeping the rest of it", () => {
    expect(withQuery("{{base}}/items?old=1#top", [{ key: "page", value: "3" }, { key: "off", value: "x", disabled: true }])).toBe("{{base}}/items?page=3#top");
    expect(withQuery("{{base}}/items?old=1", [])).toBe("{{base}}/items");
  });
  it("an edit of the text keeps disabled parameters and what the table knew of the rest", () => {
    const before = [{ key: "page", value: "1", description: "which page" }, { key: "debug", value: "1", disabled: true }];
    expect(queryAfterTextEdit("/items?page=2&size=10", before)).toEqual([{ key: "page", value: "2", description: "which page" }, { key: "size", value: "10" }, { key: "debug", value: "1", disabled: true }]);
  });
});

describe("form drafts", () => {
  const item = { name: "Login", method: "GET", headers: [{ key: "A", value: "1" }] };
  it("with nothing typed, the form follows the item", () => {
    const d = incoming(startDraft(item), { ...item, name: "Log in" });
    expect(d.value.name).toBe("Log in");
    expect(dirty(d)).toBe(false);
  });
  it("someone else's change to other fields comes in under the user's edits", () => {
    const d = incoming(edit(startDraft(item), { method: "POST" }), { ...item, name: "Log in" });
    expect(d.value).toEqual({ ...item, name: "Log in", method: "POST" });
    expect(changed(d)).toEqual({ method: "POST" });
    expect(d.theirs).toBeUndefined();
  });
  it("a change to a field the user edited differently is a conflict: keep mine, or take theirs", () => {
    const d = incoming(edit(startDraft(item), { headers: [{ key: "A", value: "2" }] }), { ...item, headers: [{ key: "A", value: "3" }], name: "X" });
    expect(d.theirs?.headers).toEqual([{ key: "A", value: "3" }]);
    expect(d.value.headers).toEqual([{ key: "A", value: "2" }]);
    const mine = resolve(d, "mine");
    expect(mine.value).toEqual({ ...item, name: "X", headers: [{ key: "A", value: "2" }] });
    expect(changed(mine)).toEqual({ headers: [{ key: "A", value: "2" }] });
    expect(resolve(d, "theirs").value).toEqual({ ...item, headers: [{ key: "A", value: "3" }], name: "X" });
  });
  it("the same edit arriving (a save of mine coming back) is no conflict and no longer an edit", () => {
    const d = incoming(edit(startDraft(item), { method: "PUT" }), { ...item, method: "PUT" });
    expect(d.theirs).toBeUndefined();
    expect(dirty(d)).toBe(false);
  });
});
