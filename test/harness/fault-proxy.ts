// A loopback TCP proxy between a device and an emulator that a test can cut and heal,
// to exercise real connection loss (not only Firestore's disableNetwork), or make lose
// the replies on the connection's open streams, or one listen update, while it stays up.
import { createServer, connect, type Server, type Socket } from "node:net";
import { Transform } from "node:stream";
import { splitMessages, TARGET_CHANGE, targetChangeType } from "./grpc-messages.js";
import { CLIENT_PREFACE_LENGTH, FRAME, FrameWalker, type FrameFilter } from "./http2-frames.js";

/** Forwards what `walker` lets through. */
const through = (walker: FrameWalker) =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, walker.push(chunk));
    },
  });

export class FaultProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** per connection: the newest stream the client opened, and the streams whose replies are lost */
  private readonly connections = new Set<{ lastStreamId: number; losingUpTo: number }>();
  private cutNow = false;
  /** the listen update to lose: the bytes it carries, and whether its documents have passed */
  private missing: { marker: Buffer; seen: boolean } | undefined;
  /** updates lost by loseListenUpdateCarrying, once complete */
  listenUpdatesLost = 0;

  private constructor(
    private readonly target: { host: string; port: number },
  ) {}

  /** Starts a proxy on an ephemeral loopback port forwarding to `target`. */
  static async start(target: { host: string; port: number }): Promise<FaultProxy> {
    const proxy = new FaultProxy(target);
    await proxy.listen();
    return proxy;
  }

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === "string") throw new Error("proxy is not listening");
    return address.port;
  }

  get host(): string {
    return "127.0.0.1";
  }

  get isCut(): boolean {
    return this.cutNow;
  }

  /** Drops every open connection and refuses new ones until `heal()`. */
  cut(): void {
    this.cutNow = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  heal(): void {
    this.cutNow = false;
  }

  /**
   * From now on, the replies (DATA frames) of the streams open on each connection are
   * lost, while the connections stay up and new streams work: a write reaches the server
   * and its acknowledgement never comes back.
   */
  loseRepliesOfOpenStreams(): void {
    for (const connection of this.connections) connection.losingUpTo = connection.lastStreamId;
  }

  /**
   * Loses, on the Listen stream, the next update whose documents carry `marker`: the
   * target's RESET, its documents and its CURRENT (the emulator re-sends a target that
   * way on each change), while the global consistency mark after them passes. Firestore
   * then holds a consistent snapshot without the change: a listener that silently missed
   * it, its stream carrying on.
   */
  loseListenUpdateCarrying(marker: string): void {
    this.missing = { marker: Buffer.from(marker), seen: false };
  }

  /** Whether a reply message belongs to the update being lost. */
  private lost(message: Buffer): boolean {
    const missing = this.missing!;
    if (message.includes(missing.marker)) return (missing.seen = true);
    const type = targetChangeType(message);
    if (type === TARGET_CHANGE.CURRENT && missing.seen) {
      this.missing = undefined;
      this.listenUpdatesLost++;
    }
    return type === TARGET_CHANGE.RESET || type === TARGET_CHANGE.CURRENT;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private listen(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    return new Promise((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(0, "127.0.0.1", () => resolve());
    });
  }

  private accept(client: Socket): void {
    if (this.cutNow) {
      client.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    const connection = { lastStreamId: 0, losingUpTo: 0 };
    this.connections.add(connection);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        this.sockets.delete(socket);
        this.connections.delete(connection);
        client.destroy();
        upstream.destroy();
      });
    }
    const outgoing: FrameFilter = (type, streamId) => {
      if (type === FRAME.HEADERS) connection.lastStreamId = Math.max(connection.lastStreamId, streamId);
      return true;
    };
    const incoming: FrameFilter = (type, streamId, payload) => {
      if (type !== FRAME.DATA) return true;
      if (streamId !== 0 && streamId <= connection.losingUpTo) return false;
      const messages = payload && this.missing ? splitMessages(payload) : undefined;
      if (!messages) return true;
      const kept = messages.filter((m) => !this.missing || !this.lost(m));
      return kept.length === messages.length || Buffer.concat(kept);
    };
    client.pipe(through(new FrameWalker(outgoing, CLIENT_PREFACE_LENGTH))).pipe(upstream);
    upstream.pipe(through(new FrameWalker(incoming, 0, () => this.missing !== undefined))).pipe(client);
  }
}
