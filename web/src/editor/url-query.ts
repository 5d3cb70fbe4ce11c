// A request's URL text and its query parameters, kept in step as Postman does: the table
// edits the text, the text fills the table; disabled parameters live only in the table.
import type { KeyValue } from "@syncgate/client";

const split = (raw: string) => {
  const hash = raw.indexOf("#");
  const beforeHash = hash < 0 ? raw : raw.slice(0, hash);
  const q = beforeHash.indexOf("?");
  return { base: q < 0 ? beforeHash : beforeHash.slice(0, q), query: q < 0 ? null : beforeHash.slice(q + 1), hash: hash < 0 ? "" : raw.slice(hash) };
};

/** The enabled parameters the URL text holds (as written: `{{variables}}` stay as they are). */
export function queryOf(raw: string): KeyValue[] {
  const { query } = split(raw);
  if (!query) return [];
  return query.split("&").map((part) => {
    const eq = part.indexOf("=");
    return eq < 0 ? { key: part, value: null } : { key: part.slice(0, eq), value: part.slice(eq + 1) };
  });
}

/** The URL text with `query`'s enabled parameters in place of its own. */
export function withQuery(raw: string, query: readonly KeyValue[]): string {
  const { base, hash } = split(raw);
  const enabled = query.filter((p) => !p.disabled && (p.key || p.value));
  const text = enabled.map((p) => (p.value === null || p.value === undefined ? (p.key ?? "") : `${p.key ?? ""}=${p.value}`)).join("&");
  return `${base}${enabled.length ? `?${text}` : ""}${hash}`;
}

/** The table after the text was edited: the text's parameters, then the disabled ones it kept. */
export function queryAfterTextEdit(raw: string, previous: readonly KeyValue[]): KeyValue[] {
  const fromText = queryOf(raw);
  // a parameter the text still has keeps its description and type
  const enriched = fromText.map((p) => ({ ...previous.find((old) => !old.disabled && old.key === p.key), ...p }));
  return [...enriched, ...previous.filter((p) => p.disabled)];
}
