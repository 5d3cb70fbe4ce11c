// Walks the HTTP/2 frames of one direction of a connection as its bytes pass, so a proxy
// can drop whole frames without breaking the framing of the rest. Bytes are forwarded as
// they come (a frame split across chunks is not reassembled); only a frame header split
// across chunks is held until complete.
export const FRAME = { DATA: 0x0, HEADERS: 0x1 } as const;

/** the client's connection preface ("PRI * HTTP/2.0…"), which precedes its first frame */
export const CLIENT_PREFACE_LENGTH = 24;
const HEADER_LENGTH = 9;

/** Decides, from its header, whether a frame passes. */
export type FrameFilter = (type: number, streamId: number) => boolean;

export class FrameWalker {
  private header = Buffer.alloc(0);
  /** payload bytes of the current frame still to come */
  private left = 0;
  private dropping = false;

  constructor(
    private readonly keep: FrameFilter,
    /** bytes before the first frame */
    private skip = 0,
  ) {}

  /** The part of `chunk` to forward: the chunk itself when every byte of it passes. */
  push(chunk: Buffer): Buffer {
    const heldBefore = this.header.length > 0;
    const out: Buffer[] = [];
    let dropped = false;
    let i = 0;
    while (i < chunk.length) {
      const rest = chunk.length - i;
      if (this.skip > 0 || this.left > 0) {
        const inPreface = this.skip > 0;
        const n = Math.min(inPreface ? this.skip : this.left, rest);
        if (inPreface || !this.dropping) out.push(chunk.subarray(i, i + n));
        else dropped = true;
        if (inPreface) this.skip -= n;
        else this.left -= n;
        i += n;
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
      this.dropping = !this.keep(header[3]!, header.readUInt32BE(5) & 0x7fffffff);
      if (this.dropping) dropped = true;
      else out.push(header);
      this.left = header.readUIntBE(0, 3);
    }
    // the usual case, on every connection of every test and benchmark: nothing to copy
    if (!dropped && !heldBefore && !this.header.length) return chunk;
    return Buffer.concat(out);
  }
}
