// Walks the HTTP/2 frames of one direction of a connection as its bytes pass, so a proxy
// can drop whole frames without breaking the framing of the rest. Bytes are forwarded as
// they come (a frame split across chunks is not reassembled) unless the filter asks to
// see DATA payloads; only a frame header split across chunks is held until complete.
export const FRAME = { DATA: 0x0, HEADERS: 0x1 } as const;

/** the client's connection preface ("PRI * HTTP/2.0…"), which precedes its first frame */
export const CLIENT_PREFACE_LENGTH = 24;
const HEADER_LENGTH = 9;
/** a frame header's stream id (its reserved top bit cleared) */
const streamIdOf = (header: Buffer) => header.readUInt32BE(5) & 0x7fffffff;

/**
 * Decides whether a frame passes: from its header, and its payload for DATA frames when
 * `wantsPayload` says so; for those it may also return the payload to send instead.
 */
export type FrameFilter = (type: number, streamId: number, payload?: Buffer) => boolean | Buffer;

export class FrameWalker {
  private header = Buffer.alloc(0);
  /** payload bytes of the current frame still to come */
  private left = 0;
  private dropping = false;
  /** a DATA frame being reassembled for the filter to see whole */
  private held: { header: Buffer; parts: Buffer[] } | undefined;

  constructor(
    private readonly keep: FrameFilter,
    /** bytes before the first frame */
    private skip = 0,
    /** whether DATA frames are to be reassembled and shown to the filter with their payload */
    private readonly wantsPayload: () => boolean = () => false,
  ) {}

  /** The part of `chunk` to forward: the chunk itself when every byte of it passes. */
  push(chunk: Buffer): Buffer {
    const heldBefore = this.header.length > 0 || this.held !== undefined;
    const out: Buffer[] = [];
    let dropped = false;
    let i = 0;
    while (i < chunk.length) {
      const rest = chunk.length - i;
      if (this.skip > 0 || this.left > 0) {
        const inPreface = this.skip > 0;
        const n = Math.min(inPreface ? this.skip : this.left, rest);
        const bytes = chunk.subarray(i, i + n);
        if (inPreface) this.skip -= n;
        else this.left -= n;
        i += n;
        if (!inPreface && this.held) {
          this.held.parts.push(bytes);
          if (this.left === 0) dropped = this.release(out) || dropped;
        } else if (inPreface || !this.dropping) out.push(bytes);
        else dropped = true;
        continue;
      }
      let header: Buffer;
      if (!this.header.length && rest >= HEADER_LENGTH) {
        header = chunk.subarray(i, i + HEADER_LENGTH);
        i += HEADER_LENGTH;
      } else {
        const n = Math.min(HEADER_LENGTH - this.header.length, rest);
        this.header = Buffer.concat([this.header, chunk.subarray(i, i + n)]);
        i += n;
        if (this.header.length < HEADER_LENGTH) break;
        header = this.header;
        this.header = Buffer.alloc(0);
      }
      this.left = header.readUIntBE(0, 3);
      if (header[3] === FRAME.DATA && this.wantsPayload()) {
        this.held = { header, parts: [] };
        if (this.left === 0) dropped = this.release(out) || dropped;
        continue;
      }
      this.dropping = this.keep(header[3]!, streamIdOf(header)) === false;
      if (this.dropping) dropped = true;
      else out.push(header);
    }
    // the usual case, on every connection of every test and benchmark: nothing to copy
    if (!dropped && !heldBefore && !this.header.length && !this.held) return chunk;
    return Buffer.concat(out);
  }

  /** A held DATA frame is complete: forwards it (or the payload the filter gives instead) if kept; true if changed. */
  private release(out: Buffer[]): boolean {
    const { header, parts } = this.held!;
    this.held = undefined;
    const payload = Buffer.concat(parts);
    const verdict = this.keep(header[3]!, streamIdOf(header), payload);
    if (verdict === false) return true;
    if (verdict === true || verdict.equals(payload)) {
      out.push(header, payload);
      return false;
    }
    const rewritten = Buffer.from(header);
    rewritten.writeUIntBE(verdict.length, 0, 3);
    out.push(rewritten, verdict);
    return true;
  }
}
