// Postman Collection v2.0/v2.1 ⇄ syncgate entities. Every field maps to an entity field
// or is kept in the entity's `extra` (with the original key order), so an export gives
// back a document equal to the imported one. Entity ids are syncgate's own; Postman's
// ids (`id`, `_postman_id`) are kept in `extra`/`info` and exported as they were.
import { LIMITS, type EntityData } from "../../../schema/index.js";
import { ImportError } from "./errors.js";
import { parseFile } from "./parse.js";
import { PmCollectionSchema, type PmCollection, type PmItem } from "./format.js";
import { ImportPlan, join, split } from "./plan.js";

type Json = Record<string, unknown>;
const asString = (v: unknown) => (typeof v === "string" ? v : undefined);

export function parseCollection(input: unknown): PmCollection {
  return parseFile(input, PmCollectionSchema, {
    precheck: (json) => {
      if (json && typeof json === "object" && "requests" in json && !("item" in json)) {
        throw new ImportError("", "this is a Postman Collection v1 file: export it from Postman as v2.1");
      }
    },
  });
}

export function planCollectionImport(collection: PmCollection): { plan: ImportPlan; collectionId: string } {
  const plan = new ImportPlan();
  const { info, item, event, variable, auth, ...root } = collection;
  const infoRest = split(info as Json, ["name", ...(typeof info.description === "string" ? ["description"] : [])]).rest;
  const collectionId = plan.add(
    "collections",
    {
      name: info.name,
      description: asString(info.description),
      auth: auth ?? undefined,
      events: event,
      variables: variable,
      info: infoRest,
      extra: { ...root, $keys: Object.keys(collection) },
      ...(auth === null ? { auth: null } : {}),
    },
    "info",
  );
  const walk = (items: PmItem[], parentFolderId: string | null, path: string) =>
    items.forEach((it, order) => {
      const location = `${path}[${order}]`;
      if (Array.isArray(it.item) || !("request" in it)) {
        const named = ["name", "item", "event", "auth", ...(typeof it["description"] === "string" ? ["description"] : [])];
        const folderId = plan.add(
          "folders",
          {
            collectionId,
            parentFolderId,
            name: it.name ?? "",
            description: asString(it["description"]),
            auth: it["auth"] as Json | undefined,
            events: it["event"] as Json[] | undefined,
            order,
            extra: split(it as Json, named).rest,
          },
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
  const header = request["header"];
  const requestNamed = ["method", "url", "body", "auth", ...(Array.isArray(header) ? ["header"] : []), ...(typeof request["description"] === "string" ? ["description"] : [])];
  const requestId = plan.add(
    "requests",
    {
      collectionId,
      folderId,
      name: it.name ?? "",
      description: asString(request["description"]),
      method: asString(request["method"]) ?? "GET",
      url: typeof url === "string" ? { raw: url } : ((url as Json | undefined) ?? { raw: "" }),
      headers: Array.isArray(header) ? (header as Json[]) : [],
      body: request["body"] as Json | null | undefined,
      auth: request["auth"] as Json | null | undefined,
      events: it["event"] as Json[] | undefined,
      order,
      extra: {
        item: split(it as Json, ["name", "request", "response", "event"]).rest,
        request: { ...split(request, requestNamed).rest, urlIsString: typeof url === "string", requestIsString, hasMethod: "method" in request, hasUrl: "url" in request },
      },
    },
    `${location} (request "${it.name ?? ""}")`,
  );
  (it.response ?? []).forEach((response, index) => {
    const r = response as Json;
    const body = asString(r["body"]);
    const big = body !== undefined && body.length > LIMITS.inlineText;
    const responseId = crypto.randomUUID().replace(/-/g, "").slice(0, 20);
    const headerList = Array.isArray(r["header"]);
    plan.add(
      "responses",
      {
        requestId,
        collectionId,
        name: asString(r["name"]) ?? "",
        status: r["status"] as string | null | undefined,
        code: r["code"] as number | null | undefined,
        headers: headerList ? (r["header"] as Json[]) : [],
        cookies: r["cookie"] as Json[] | undefined,
        body: big ? null : (r["body"] as string | null | undefined),
        bodyBlob: big ? plan.blob("responses", responseId, body) : undefined,
        responseTime: r["responseTime"] as number | null | undefined,
        originalRequest: r["originalRequest"] as Json | null | undefined,
        previewLanguage: r["_postman_previewlanguage"] as string | null | undefined,
        order: index,
        extra: {
          ...split(r, ["name", "status", "code", "cookie", "body", "responseTime", "originalRequest", "_postman_previewlanguage", ...(headerList ? ["header"] : [])]).rest,
          bodyWasNull: r["body"] === null,
        },
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
    join({ name: f.name, description: f.description ?? undefined, item: items(f.id), event: f.events, auth: f.auth }, f.extra);
  const requestJson = (r: CollectionSnapshot["requests"][number]): Json => {
    const extra = (r.extra ?? {}) as { item?: Json; request?: Json & { urlIsString?: boolean; requestIsString?: boolean; hasMethod?: boolean; hasUrl?: boolean } };
    const { urlIsString, requestIsString, hasMethod, hasUrl, ...requestRest } = extra.request ?? {};
    const request = requestIsString
      ? r.url.raw
      : join(
          {
            method: hasMethod === false ? undefined : r.method,
            url: hasUrl === false ? undefined : urlIsString ? r.url.raw : r.url,
            header: "header" in requestRest ? undefined : r.headers,
            body: r.body,
            auth: r.auth,
            description: r.description ?? undefined,
          },
          requestRest,
        );
    const responses = byOrder(s.responses.filter((x) => x.requestId === r.id)).map(responseJson);
    return join({ name: r.name, request, response: responses, event: r.events }, extra.item);
  };
  const responseJson = (x: CollectionSnapshot["responses"][number]): Json => {
    const { bodyWasNull, ...rest } = (x.extra ?? {}) as Json & { bodyWasNull?: boolean };
    const body = bodyWasNull ? null : s.bodyOf(x);
    return join(
      {
        name: x.name,
        status: x.status,
        code: x.code,
        header: "header" in rest ? undefined : x.headers,
        cookie: x.cookies,
        body,
        responseTime: x.responseTime,
        originalRequest: x.originalRequest,
        _postman_previewlanguage: x.previewLanguage,
      },
      rest,
    );
  };
  const info = join({ name: c.name, description: c.description ?? undefined }, c.info);
  return join({ info, item: items(null), event: c.events, variable: c.variables, auth: c.auth }, c.extra);
}
