// What every screen shares: running an action with its error shown (a typed SDK error's
// message, never a crash), and the undo notice a delete leaves (deletes go to the trash).
import { SyncGateError, type EntityKind } from "@syncgate/client";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { client } from "../firebase.js";

interface Notices {
  message: string;
  setMessage(message: string): void;
  /** Runs an action; a failure shows as the message. Whether it succeeded. */
  run(action: () => unknown): Promise<boolean>;
  /** Moves an item to the trash and offers to undo it for a few seconds. */
  remove(kind: EntityKind, id: string, label: string): void;
  /** A create form's submit handler: runs `action` with the form's fields; a form whose action succeeded starts empty again. */
  onCreate(action: (field: (name: string) => HTMLInputElement) => void): (e: FormEvent<HTMLFormElement>) => void;
}

const NoticeContext = createContext<Notices | null>(null);
export const UNDO_MS = 10_000;

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState("");
  const [undo, setUndo] = useState<{ kind: EntityKind; id: string; label: string } | undefined>();
  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => setUndo(undefined), UNDO_MS);
    return () => clearTimeout(timer);
  }, [undo]);
  const run = useCallback(async (action: () => unknown) => {
    try {
      setMessage("");
      await action();
      return true;
    } catch (error) {
      setMessage(error instanceof SyncGateError ? error.message : String(error));
      return false;
    }
  }, []);
  const value = useMemo<Notices>(
    () => ({
      message,
      setMessage,
      run,
      remove: (kind, id, label) =>
        void run(() => {
          client[kind].remove(id);
          setUndo({ kind, id, label });
        }),
      onCreate: (action) => (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        void run(() => action((name) => form.elements.namedItem(name) as HTMLInputElement)).then((ok) => ok && form.reset());
      },
    }),
    [message, run],
  );
  return (
    <NoticeContext.Provider value={value}>
      {children}
      {undo && (
        <div className="toast" role="status" id="undo">
          “{undo.label}” moved to the trash{" "}
          <button
            onClick={() => {
              void run(() => client[undo.kind].restore(undo.id));
              setUndo(undefined);
            }}
          >
            Undo
          </button>
        </div>
      )}
    </NoticeContext.Provider>
  );
}

export function useNotices(): Notices {
  const notices = useContext(NoticeContext);
  if (!notices) throw new Error("useNotices needs a NoticeProvider");
  return notices;
}

export function MessageLine() {
  const { message } = useNotices();
  return message ? (
    <p className="error" id="message" role="alert">
      {message}
    </p>
  ) : null;
}
