import type { Firestore, Transaction } from "firebase-admin/firestore";

const ATTEMPTS = 5;

export type Transact = <T>(db: Firestore, update: (tx: Transaction) => Promise<T>, options?: { maxAttempts?: number }) => Promise<T>;

/**
 * db.runTransaction, also retried when the emulator reports a transaction it aborted
 * under contention as INVALID_ARGUMENT "Transaction is invalid or closed" (production
 * Firestore says ABORTED, which runTransaction retries by itself). Either way an attempt
 * may have committed before it was retried (the outcome of a commit can be unknown), so
 * every update function is written to be run again after its own success.
 */
export const runTransaction: Transact = async (db, update, options = {}) => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.runTransaction(update, options);
    } catch (e) {
      if (attempt >= ATTEMPTS || !String((e as Error).message).includes("Transaction is invalid or closed")) throw e;
    }
  }
};
