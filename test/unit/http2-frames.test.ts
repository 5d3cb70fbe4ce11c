// The fault proxy's HTTP/2 frame walker: whatever the chunking, it forwards exactly the
// frames its filter keeps, byte for byte, and passes a chunk with nothing to drop as is.
import { describe, expect, it } from "vitest";
import { CLIENT_PREFACE_LENGTH, FRAME, FrameWalker } from "../harness/http2-frames.js";

function frame(type: number, streamId: number, length: number): Buffer {
  const bytes = Buffer.alloc(9 + length, 7);
  bytes.writeUIntBE(length, 0, 3);
  bytes[3] = type;
  bytes.writeUInt32BE(streamId, 5);
  return bytes;
}

const frames = [frame(0x4, 0, 6), frame(FRAME.DATA, 1, 20), frame(FRAME.HEADERS, 3, 5), frame(FRAME.DATA, 3, 30), frame(FRAME.DATA, 5, 2)];
const wire = Buffer.concat(frames);

describe("walking HTTP/2 frames", () => {
  it("drops exactly the DATA frames of the lost streams, however the bytes are chunked", () => {
    for (const lost of [new Set<number>(), new Set([3])]) {
      const keep = (type: number, streamId: number) => !(type === FRAME.DATA && lost.has(streamId));
      const expected = Buffer.concat(frames.filter((f) => keep(f[3]!, f.readUInt32BE(5))));
      for (let size = 1; size <= wire.length; size++) {
        const walker = new FrameWalker(keep);
        const out: Buffer[] = [];
        for (let i = 0; i < wire.length; i += size) out.push(walker.push(wire.subarray(i, i + size)));
        expect(Buffer.concat(out).equals(expected), `chunks of ${size}`).toBe(true);
      }
    }
  });

  it("shows DATA payloads whole to a filter that asks, and drops the frame it refuses, however the bytes are chunked", () => {
    const marked = frame(FRAME.DATA, 3, 12);
    marked.write("marker", 9 + 3);
    const all = [frames[0]!, frames[1]!, marked, frames[2]!, frame(FRAME.DATA, 3, 0), frames[3]!];
    const bytes = Buffer.concat(all);
    const expected = Buffer.concat(all.filter((f) => f !== marked));
    for (let size = 1; size <= bytes.length; size++) {
      const seen: number[] = [];
      const walker = new FrameWalker(
        (type, _streamId, payload) => {
          if (type === FRAME.DATA) seen.push(payload!.length);
          return !payload?.includes("marker");
        },
        0,
        () => true,
      );
      const out: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) out.push(walker.push(bytes.subarray(i, i + size)));
      expect(Buffer.concat(out).equals(expected), `chunks of ${size}`).toBe(true);
      expect(seen).toEqual([20, 12, 0, 30]);
    }
  });

  it("forwards the client preface untouched and a chunk with nothing to drop as it came", () => {
    const chunk = Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), wire]);
    expect(chunk.length).toBe(CLIENT_PREFACE_LENGTH + wire.length);
    expect(new FrameWalker(() => true, CLIENT_PREFACE_LENGTH).push(chunk)).toBe(chunk);
  });
});
