// The simulator's server time: Firestore's Timestamp shape, strictly increasing per commit.
import type { ServerTime } from "../../client/src/sync/remote.js";

export class SimTime implements ServerTime {
  constructor(
    readonly seconds: number,
    readonly nanoseconds: number,
  ) {}

  static fromMillis(ms: number): SimTime {
    const seconds = Math.floor(ms / 1000);
    return new SimTime(seconds, Math.round((ms - seconds * 1000) * 1e6));
  }

  toMillis(): number {
    return this.seconds * 1000 + this.nanoseconds / 1e6;
  }

  toDate(): Date {
    return new Date(this.toMillis());
  }
}
