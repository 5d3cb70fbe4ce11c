// Small Postman files with the traits real-world files showed, made here (no third-party
// files are committed): values Postman's schema allows that ours does not type, and
// nesting deeper than Firestore stores.
type Json = Record<string, unknown>;

/** An object nesting `levels` maps deep, keys deliberately out of alphabetical order. */
export const deep = (levels: number): unknown => (levels === 0 ? { bottom: true, z: 1, a: 2 } : { level: levels, next: deep(levels - 1) });

export const traits: Json = {
  info: { schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json", name: "Traits", _postman_id: "abc-123" },
  item: [
    {
      name: "",
      request: { url: "https://x.test", method: "GET", header: "X-Raw: 1" },
      response: [
        { name: "slow", responseTime: "9843", code: 200, status: "OK", header: null, body: null, _postman_previewlanguage: "json" },
        { name: "R".repeat(600), responseTime: 12, header: [{ value: "v", key: "k" }], body: "{}" },
      ],
    },
    { name: "many headers", request: { method: "POST", header: Array.from({ length: 1001 }, (_, i) => ({ value: String(i), key: `h${i}` })), url: { raw: "y", host: ["y"] } } },
    { name: "described", description: { content: "**md**", type: "text/markdown" }, item: [], "x-vendor": deep(25) },
  ],
  variable: [{ value: "1", key: "a", type: "string" }],
};

