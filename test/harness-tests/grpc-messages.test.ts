// The gRPC message parsing the fault proxy relies on to lose one listen update.
import { describe, expect, it } from "vitest";
import { splitMessages, TARGET_CHANGE, targetChangeType } from "../harness/grpc-messages.js";

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
