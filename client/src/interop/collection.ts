// Postman Collection v2.0/v2.1 ⇄ syncgate entities. Every field maps to an entity field
// or is kept in the entity's `extra` (with the original key order), so an export gives
// back a document equal to the imported one. Entity ids are syncgate's own; Postman's
// ids (`id`, `_postman_id`) are kept in `extra`/`info` and exported as they were.
import { LIMITS, type EntityData, type EntityKind } from "../../../schema/index.js";
import { ImportError } from "./errors.js";
import { parseFile } from "./parse.js";
import { PmCollectionSchema, type PmCollection, type PmItem } from "./format.js";
import { carried, fitting, ImportPlan, join, split, typedUnlessKept } from "./plan.js";

type Json = Record<string, unknown>;
const asString = (v: unknown) => (typeof v === "string" ? v : undefined);

export function parseCollection(input: unknown): PmCollection {
  return parseFile(input, PmCollectionSchema, {
    precheck: (json) => {
      if (json && typeof json === "object" && "requests" in json && !("item" in json)) {
        throw new ImportError("", "this is a Postman Collection v1 file, which syncgate does not import: in Postman, export the collection again as Collection v2.1 (Export → Collection v2.1), then import that file");
      }
    },
  });
}

/** Typed fields of one part of the file that fit, with a fallback for the required ones that do not. */
function typed<K extends EntityKind>(kind: K, candidates: Record<string, [string, unknown]>, required: Record<string, unknown> = {}) {
  const { fields, named } = fitting(kind, candidates);
  return { fields: { ...required, ...fields }, named };
}

/** The name shown when the file's does not fit ours (empty, too long, not text); the file's stays in extra for the export. */
const shownName = (name: unknown) => (typeof name === "string" && name.trim() ? `${name.slice(0, LIMITS.name - 1)}…` : "(unnamed)");

export function planCollectionImport(collection: PmCollection): { plan: ImportPlan; collectionId: string } {
  const plan = new ImportPlan();
  const { info, item } = collection;
  const infoTyped = typed("collections", { name: ["name", info.name], description: ["description", info.description] }, { name: shownName(info.name) });
  const rootTyped = typed("collections", { auth: ["auth", collection.auth], events: ["event", collection.event], variables: ["variable", collection.variable] });
  const collectionId = plan.add(
    "collections",
    {
      ...infoTyped.fields,
      ...rootTyped.fields,
      info: split(info as Json, infoTyped.named).rest,
      extra: split(collection as Json, [...rootTyped.named, "info", "item"], { ordered: true, ownOrder: ["item"] }).rest,
    },
    "info",
    undefined,
    { variables: "variable", events: "event" },
  );
  const walk = (items: PmItem[], parentFolderId: string | null, path: string) =>
    items.forEach((it, order) => {
      const location = `${path}[${order}]`;
      if (Array.isArray(it.item) || !("request" in it)) {
        const t = typed(
          "folders",
          { name: ["name", it.name], description: ["description", it["description"]], auth: ["auth", it["auth"]], events: ["event", it["event"]] },
          { name: shownName(it.name) },
        );
        const folderId = plan.add(
          "folders",
          { collectionId, parentFolderId, ...t.fields, order, extra: split(it as Json, [...t.named, "item"], { ordered: true, ownOrder: ["item"] }).rest },
          `${location} (folder "${it.name ?? ""}")`,
        );
        walk(it.item ?? [], folderId, `${location}.item`);
      } else {
        addRequest(plan, collectionId, parentFolderId, it, order, location);
      }
    });
  walk(item, null, "item");
  return { plan, collectionId };
}

function addRequest(plan: ImportPlan, collectionId: string, folderId: string | null, it: PmItem, order: number, location: string): void {
  const requestIsString = typeof it.request === "string";
  const request = (requestIsString ? { url: it.request } : it.request ?? {}) as Json;
  const url = request["url"];
  const item = typed("requests", { name: ["name", it.name], events: ["event", it["event"]] }, { name: shownName(it.name) });
  const req = typed(
    "requests",
    {
      method: ["method", request["method"]],
      url: ["url", typeof url === "string" ? { raw: url } : url],
      headers: ["header", request["header"]],
      body: ["body", request["body"]],
      auth: ["auth", request["auth"]],
      description: ["description", request["description"]],
    },
    { method: "GET", url: { raw: typeof url === "string" ? url : "" }, headers: [] },
  );
  const requestId = plan.add(
    "requests",
    {
      collectionId,
      folderId,
      ...item.fields,
      ...req.fields,
      order,
      extra: {
        item: split(it as Json, [...item.named, "request", "response"], { ordered: true, ownOrder: ["response"] }).rest,
        request: { ...split(request, req.named).rest, urlIsString: typeof url === "string", requestIsString, hasMethod: "method" in request, hasUrl: "url" in request },
      },
    },
    `${location} (request "${it.name ?? ""}")`,
  );
  (it.response ?? []).forEach((response, index) => {
    const r = response as Json;
    const body = asString(r["body"]);
    const big = body !== undefined && body.length > LIMITS.inlineText;
    const responseId = crypto.randomUUID().replace(/-/g, "").slice(0, 20);
    const t = typed(
      "responses",
      {
        name: ["name", r["name"]],
        status: ["status", r["status"]],
        code: ["code", r["code"]],
        headers: ["header", r["header"]],
        cookies: ["cookie", r["cookie"]],
        responseTime: ["responseTime", r["responseTime"]],
        originalRequest: ["originalRequest", r["originalRequest"]],
        previewLanguage: ["_postman_previewlanguage", r["_postman_previewlanguage"]],
      },
      { name: shownName(r["name"]), headers: [] },
    );
    plan.add(
      "responses",
      {
        requestId,
        collectionId,
        ...t.fields,
        body: big ? null : (r["body"] as string | null | undefined),
        bodyBlob: big ? plan.blob("responses", responseId, body) : undefined,
        order: index,
        extra: { ...split(r, [...t.named, "body"], { ordered: true }).rest, bodyWasNull: r["body"] === null },
      },
      `${location}.response[${index}]`,
      responseId,
    );
  });
}

export interface CollectionSnapshot {
  collection: EntityData<"collections">;
  folders: (EntityData<"folders"> & { id: string })[];
  requests: (EntityData<"requests"> & { id: string })[];
  responses: (EntityData<"responses"> & { id: string })[];
  /** the full text of a response body kept in chunks */
  bodyOf(response: EntityData<"responses"> & { id: string }): string | null | undefined;
}

export function exportCollection(s: CollectionSnapshot): Json {
  const c = s.collection;
  const byOrder = <T extends { order?: number | undefined }>(xs: T[]) => [...xs].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const items = (folderId: string | null): Json[] => {
    const folders = s.folders.filter((f) => f.parentFolderId === folderId).map((f) => ({ order: f.order, json: folderJson(f) }));
    const requests = s.requests.filter((r) => r.folderId === folderId).map((r) => ({ order: r.order, json: requestJson(r) }));
    return byOrder([...folders, ...requests]).map((x) => x.json);
  };
  const folderJson = (f: CollectionSnapshot["folders"][number]): Json =>
    carried("folders", f, join({ ...typedUnlessKept(f.extra, { name: f.name, description: f.description, event: f.events, auth: f.auth }), item: items(f.id) }, f.extra));
  const requestJson = (r: CollectionSnapshot["requests"][number]): Json => {
    const extra = (r.extra ?? {}) as { item?: Json; request?: Json & { urlIsString?: boolean; requestIsString?: boolean; hasMethod?: boolean; hasUrl?: boolean } };
    const { urlIsString, requestIsString, hasMethod, hasUrl, ...requestRest } = extra.request ?? {};
    const request = requestIsString
      ? r.url.raw
      : join(
          typedUnlessKept(requestRest, {
            method: hasMethod === false ? undefined : r.method,
            url: hasUrl === false ? undefined : urlIsString ? r.url.raw : r.url,
            header: r.headers,
            body: r.body,
            auth: r.auth,
            description: r.description,
          }),
          requestRest,
        );
    const responses = byOrder(s.responses.filter((x) => x.requestId === r.id)).map(responseJson);
    return carried("requests", r, join({ ...typedUnlessKept(extra.item, { name: r.name, event: r.events }), request, response: responses }, extra.item));
  };
  const responseJson = (x: CollectionSnapshot["responses"][number]): Json => {
    const { bodyWasNull, ...rest } = (x.extra ?? {}) as Json & { bodyWasNull?: boolean };
    const body = bodyWasNull ? null : s.bodyOf(x);
    return carried("responses", x, join(
      {
        ...typedUnlessKept(rest, {
          name: x.name,
          status: x.status,
          code: x.code,
          header: x.headers,
          cookie: x.cookies,
          responseTime: x.responseTime,
          originalRequest: x.originalRequest,
          _postman_previewlanguage: x.previewLanguage,
        }),
        body,
      },
      rest,
    ));
  };
  const info = join(typedUnlessKept(c.info, { name: c.name, description: c.description }), c.info);
  return carried("collections", c, join({ info, item: items(null), ...typedUnlessKept(c.extra, { event: c.events, variable: c.variables, auth: c.auth }) }, c.extra));
}
