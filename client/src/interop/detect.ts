// Which Postman file a JSON document is, by the marks each format carries.
export type PostmanFileKind = "collection" | "environment" | "globals" | "newman";

export function detectPostmanFile(doc: unknown): PostmanFileKind | undefined {
  if (!doc || typeof doc !== "object") return undefined;
  const d = doc as Record<string, unknown>;
  if (d["run"] && d["collection"]) return "newman";
  if (d["info"] && Array.isArray(d["item"])) return "collection";
  // a Collection v1 file: the collection importer explains how to convert it
  if (Array.isArray(d["requests"]) && ("order" in d || "folders" in d || "name" in d)) return "collection";
  if (d["_postman_variable_scope"] === "globals") return "globals";
  if (d["_postman_variable_scope"] === "environment" || (typeof d["name"] === "string" && Array.isArray(d["values"]))) return "environment";
  return undefined;
}
