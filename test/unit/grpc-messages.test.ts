// The gRPC message parsing the fault proxy relies on to lose one listen update.
import { describe, expect, it } from "vitest";
import { fieldCounts, MessageReader, splitMessages, TARGET_CHANGE, targetChangeType } from "../harness/grpc-messages.js";

/** A gRPC message: uncompressed, length-prefixed. */
const message = (body: number[]) => {
  const bytes = Buffer.alloc(5 + body.length);
  bytes.writeUInt32BE(body.length, 1);
  Buffer.from(body).copy(bytes, 5);
  return bytes;
};
// ListenResponse{target_change{target_change_type, target_ids: [1008]}}; NO_CHANGE leaves the type out
const targetChange = (type: number) => message([0x12, type ? 6 : 4, ...(type ? [0x08, type] : []), 0x12, 2, 0xf0, 0x07]);
// ListenResponse{document_change{...}}
const documentChange = message([0x1a, 3, 0x0a, 1, 0x41]);

describe("gRPC messages in a DATA payload", () => {
  it("splits a payload of whole messages, and refuses one that ends inside a message", () => {
    const payload = Buffer.concat([targetChange(TARGET_CHANGE.RESET), documentChange, targetChange(TARGET_CHANGE.CURRENT)]);
    expect(splitMessages(payload)?.map((m) => m.length)).toEqual([13, 10, 13]);
    expect(splitMessages(payload.subarray(0, 20))).toBeUndefined();
    expect(splitMessages(payload.subarray(0, 15))).toBeUndefined();
  });

  it("tells a listen response's target change type, and nothing for other messages", () => {
    for (const type of [TARGET_CHANGE.RESET, TARGET_CHANGE.CURRENT, TARGET_CHANGE.ADD]) expect(targetChangeType(targetChange(type))).toBe(type);
    expect(targetChangeType(targetChange(TARGET_CHANGE.NO_CHANGE))).toBe(TARGET_CHANGE.NO_CHANGE);
    expect(targetChangeType(documentChange)).toBeUndefined();
  });
});

describe("counting what a message holds, for the wire meter", () => {
  it("counts each top-level field over every wire type", () => {
    // WriteRequest{database: "d", stream_token: bytes, writes: [w, w, w]} (fields 1, 4, 3 ×3), a varint field 9 and fixed64/fixed32 fields 10/11
    const write = [0x1a, 1, 0x41];
    const request = message([0x0a, 1, 0x64, 0x22, 2, 1, 2, ...write, ...write, ...write, 0x48, 0x96, 0x01, 0x51, 0, 0, 0, 0, 0, 0, 0, 0, 0x5d, 0, 0, 0, 0]);
    expect(Object.fromEntries(fieldCounts(request))).toEqual({ 1: 1, 4: 1, 3: 3, 9: 1, 10: 1, 11: 1 });
    expect(fieldCounts(documentChange).get(3)).toBe(1);
  });

  it("reassembles messages however the stream cuts them", () => {
    const payload = Buffer.concat([targetChange(TARGET_CHANGE.RESET), documentChange, targetChange(TARGET_CHANGE.CURRENT)]);
    const seen: number[] = [];
    const reader = new MessageReader((m) => seen.push(m.length));
    let at = 0;
    for (const size of [1, 4, 7, 15, 9]) reader.push(payload.subarray(at, (at += size)));
    expect(at).toBe(payload.length);
    expect(seen).toEqual([13, 10, 13]);
  });
});
