import type { Firestore, Transaction } from "firebase-admin/firestore";

const ATTEMPTS = 5;

/**
 * db.runTransaction, also retried when the emulator reports a transaction it aborted
 * under contention as INVALID_ARGUMENT "Transaction is invalid or closed" (production
 * Firestore says ABORTED, which runTransaction retries by itself).
 */
export async function runTransaction<T>(db: Firestore, update: (tx: Transaction) => Promise<T>, options: { maxAttempts?: number } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.runTransaction(update, options);
    } catch (e) {
      if (attempt >= ATTEMPTS || !String((e as Error).message).includes("Transaction is invalid or closed")) throw e;
    }
  }
}
