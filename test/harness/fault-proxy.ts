// A loopback TCP proxy between a device and an emulator that a test can cut and heal,
// to exercise real connection loss (not only Firestore's disableNetwork).
import { createServer, connect, type Server, type Socket } from "node:net";

export class FaultProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private cutNow = false;

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
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
