// Counts what a device sends and receives on the wire, independently of the SDK: an
// HTTP/2 (h2c) proxy in front of the Firestore emulator that knows each stream's gRPC
// method from its :path and reads the messages both ways, and an HTTP proxy in front of
// the functions emulator that counts callable invocations. The fault proxy sees only
// HTTP/2 frames; here Node's http2 decodes the headers, so streams can be told apart.
import {
  connect,
  createServer as createH2Server,
  type ClientHttp2Session,
  type Http2Server,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type Http2Session,
  type ServerHttp2Stream,
} from "node:http2";
import { createServer as createHttpServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { deliveredVersions, fieldCounts, MessageReader } from "./grpc-messages.js";

const FIRESTORE_METHOD = "/google.firestore.v1.Firestore/";

/** Operations Firestore bills, as the wire shows them (google/firestore/v1/firestore.proto). */
export interface WireCounts {
  /**
   * ListenResponse.document_change (field 3): a document version delivered to a query.
   * The emulator answers every change to a query with a RESET and all its documents
   * again; Firestore sends (and bills) only what changed, so a version already delivered
   * to the same query is not counted again.
   */
  listenDocuments: number;
  /** RunQueryResponse.document (field 1) and BatchGetDocumentsResponse.found (field 1) */
  readDocuments: number;
  /** WriteRequest.writes (field 3) on the Write stream and CommitRequest.writes (field 2) */
  writes: number;
  /** RunAggregationQuery calls */
  aggregationQueries: number;
  /** POSTs to the functions emulator */
  callables: number;
}

type Direction = "request" | "response";

const pseudoFree = (headers: IncomingHttpHeaders, keep: string[]): OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith(":") || keep.includes(k)));

export class WireMeter {
  readonly counts: WireCounts = { listenDocuments: 0, readDocuments: 0, writes: 0, aggregationQueries: 0, callables: 0 };
  private readonly upstreams = new Map<Http2Session, ClientHttp2Session>();
  /** versions delivered per query (targets, name, update time), across the device's listen streams */
  private readonly delivered = new Set<string>();

  private constructor(
    private readonly firestore: Http2Server,
    private readonly functions: Server,
  ) {}

  /** Starts both proxies on ephemeral loopback ports, in front of the two emulators. */
  static async start(firestore: { host: string; port: number }, functions: { host: string; port: number }): Promise<WireMeter> {
    const meter: WireMeter = new WireMeter(
      createH2Server(),
      createHttpServer((req, res) => {
        if (req.method === "POST") meter.counts.callables++;
        const upstream = httpRequest({ host: functions.host, port: functions.port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        });
        upstream.on("error", () => res.destroy());
        req.pipe(upstream);
      }),
    );
    meter.firestore.on("session", (session) => {
      const upstream = connect(`http://${firestore.host}:${firestore.port}`);
      upstream.on("error", () => session.destroy());
      meter.upstreams.set(session, upstream);
      session.on("close", () => {
        upstream.close();
        meter.upstreams.delete(session);
      });
    });
    meter.firestore.on("stream", (stream, headers) => meter.forward(stream, headers));
    await Promise.all([meter.firestore, meter.functions].map((s) => new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))));
    return meter;
  }

  /** Where a device reaches Firestore and the functions through the meter. */
  get firestoreAddress() {
    return { host: "127.0.0.1", port: (this.firestore.address() as AddressInfo).port };
  }

  get functionsAddress() {
    return { host: "127.0.0.1", port: (this.functions.address() as AddressInfo).port };
  }

  async close(): Promise<void> {
    for (const upstream of this.upstreams.values()) upstream.destroy();
    await Promise.all([
      new Promise((resolve) => this.firestore.close(resolve)),
      new Promise((resolve) => {
        this.functions.closeAllConnections();
        this.functions.close(resolve);
      }),
    ]);
  }

  private forward(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void {
    const upstream = stream.session && this.upstreams.get(stream.session);
    if (!upstream) return void stream.close();
    const method = String(headers[":path"]).replace(FIRESTORE_METHOD, "");
    const request = upstream.request(pseudoFree(headers, [":method", ":path", ":authority", ":scheme"]));
    const sent = new MessageReader((m) => this.count(method, "request", m));
    const received = new MessageReader((m) => this.count(method, "response", m));
    stream.on("data", (chunk: Buffer) => {
      sent.push(chunk);
      request.write(chunk);
    });
    stream.on("end", () => request.end());
    stream.on("close", () => request.close());
    stream.on("error", () => request.close());
    request.on("response", (reply) => {
      if (stream.closed) return;
      // a trailers-only reply (an error status and no messages) ends with its headers
      if ("grpc-status" in reply) return void stream.respond(pseudoFree(reply, [":status"]), { endStream: true });
      stream.respond(pseudoFree(reply, [":status"]), { waitForTrailers: true });
    });
    let trailers: OutgoingHttpHeaders = {};
    request.on("trailers", (t) => (trailers = pseudoFree(t, [])));
    stream.on("wantTrailers", () => stream.sendTrailers(trailers));
    request.on("data", (chunk: Buffer) => {
      received.push(chunk);
      if (!stream.closed) stream.write(chunk);
    });
    request.on("end", () => stream.closed || stream.end());
    request.on("error", () => stream.close());
  }

  private count(method: string, direction: Direction, message: Buffer): void {
    const has = (field: number) => fieldCounts(message).get(field) ?? 0;
    if (method === "Listen" && direction === "response") {
      for (const version of deliveredVersions(message)) {
        if (this.delivered.has(version)) continue;
        this.delivered.add(version);
        this.counts.listenDocuments++;
      }
    } else if ((method === "RunQuery" || method === "BatchGetDocuments") && direction === "response") this.counts.readDocuments += has(1);
    else if (method === "Write" && direction === "request") this.counts.writes += has(3);
    else if (method === "Commit" && direction === "request") this.counts.writes += has(2);
    else if (method === "RunAggregationQuery" && direction === "request") this.counts.aggregationQueries++;
  }
}
