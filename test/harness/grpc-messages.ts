// gRPC's length-prefixed messages inside HTTP/2 DATA payloads, and the few bytes of a
// Firestore ListenResponse a fault needs to recognise (google/firestore/v1/firestore.proto).
const PREFIX_LENGTH = 5;

/** The whole messages a payload holds, or undefined if one is split across frames. */
export function splitMessages(payload: Buffer): Buffer[] | undefined {
  const messages: Buffer[] = [];
  let i = 0;
  while (i < payload.length) {
    if (payload.length - i < PREFIX_LENGTH) return undefined;
    const end = i + PREFIX_LENGTH + payload.readUInt32BE(i + 1);
    if (end > payload.length) return undefined;
    messages.push(payload.subarray(i, end));
    i = end;
  }
  return messages;
}

export const TARGET_CHANGE = { NO_CHANGE: 0, ADD: 1, REMOVE: 2, CURRENT: 3, RESET: 4 } as const;

function varint(bytes: Buffer, at: number): [value: number, next: number] {
  let value = 0;
  for (let shift = 0; at < bytes.length; shift += 7) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  return [value, at];
}

/** The type of a ListenResponse's TargetChange, or undefined when the message is something else. */
export function targetChangeType(message: Buffer): number | undefined {
  // ListenResponse is a oneof: target_change is field 2
  const [first] = protoFields(message.subarray(PREFIX_LENGTH));
  if (first?.field !== 2 || !first.bytes) return undefined;
  // TargetChange.target_change_type is field 1, left out when NO_CHANGE
  return protoFields(first.bytes).find((f) => f.field === 1)?.value ?? TARGET_CHANGE.NO_CHANGE;
}

/** A protobuf field: its number, and its value: bytes (length-delimited), a number (varint), or neither (fixed). */
export interface ProtoField {
  field: number;
  bytes?: Buffer;
  value?: number;
}

/** The top-level fields of a protobuf body, in order. */
export function protoFields(body: Buffer): ProtoField[] {
  const fields: ProtoField[] = [];
  for (let at = 0; at < body.length; ) {
    const [tag, next] = varint(body, at);
    const field = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (wireType === 0) {
      const [value, end] = varint(body, next);
      fields.push({ field, value });
      at = end;
    } else if (wireType === 1 || wireType === 5) {
      fields.push({ field });
      at = next + (wireType === 1 ? 8 : 4);
    } else if (wireType === 2) {
      const [length, start] = varint(body, next);
      fields.push({ field, bytes: body.subarray(start, start + length) });
      at = start + length;
    } else throw new Error(`protobuf wire type ${wireType} is not expected here`);
  }
  return fields;
}

/** How many times each top-level field number occurs in a gRPC message's protobuf body. */
export function fieldCounts(message: Buffer): Map<number, number> {
  const counts = new Map<number, number>();
  for (const { field } of protoFields(message.subarray(PREFIX_LENGTH))) counts.set(field, (counts.get(field) ?? 0) + 1);
  return counts;
}

/**
 * The documents a ListenResponse delivers (its document_change, field 3), each named by
 * its targets, document name and update time (DocumentChange.target_ids 5, document 1;
 * Document.name 1, update_time 4): the same key means the same version to the same query.
 */
export function deliveredVersions(message: Buffer): string[] {
  return protoFields(message.subarray(PREFIX_LENGTH))
    .filter((f) => f.field === 3 && f.bytes)
    .map((change) => {
      const parts = protoFields(change.bytes!);
      const document = protoFields(parts.find((p) => p.field === 1)?.bytes ?? Buffer.alloc(0));
      // target_ids, packed (bytes) or not (one varint each)
      const targets = parts.filter((p) => p.field === 5).map((p) => p.bytes?.toString("hex") ?? String(p.value));
      const name = document.find((p) => p.field === 1)?.bytes?.toString("utf8") ?? "";
      const updated = document.find((p) => p.field === 4)?.bytes?.toString("hex") ?? "";
      return `${targets.join(",")}|${name}|${updated}`;
    });
}

/** Reassembles gRPC messages from a stream's DATA, however the chunks cut them. */
export class MessageReader {
  private pending = Buffer.alloc(0);

  constructor(private readonly onMessage: (message: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= PREFIX_LENGTH) {
      const end = PREFIX_LENGTH + this.pending.readUInt32BE(1);
      if (this.pending.length < end) return;
      this.onMessage(this.pending.subarray(0, end));
      this.pending = this.pending.subarray(end);
    }
  }
}
