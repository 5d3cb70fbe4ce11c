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
  // ListenResponse.target_change is field 2 (length-delimited: tag 0x12)
  if (message[PREFIX_LENGTH] !== 0x12) return undefined;
  const [, at] = varint(message, PREFIX_LENGTH + 1);
  // TargetChange.target_change_type is field 1 (varint: tag 0x08), left out when NO_CHANGE
  return message[at] === 0x08 ? varint(message, at + 1)[0] : TARGET_CHANGE.NO_CHANGE;
}
