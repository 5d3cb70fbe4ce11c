// A form over a draft (see use-draft.ts): the conflict notice above it, and a submit that
// saves the user's changes, a refusal shown as the message with the edits kept.
import type { ReactNode } from "react";
import { useNotices } from "./actions.js";

export function DraftForm(props: { name: string; kind?: string; draft: { theirs: unknown; keep: (which: "mine" | "theirs") => void }; save: () => void; children: ReactNode }) {
  const { run } = useNotices();
  return (
    <>
      {props.draft.theirs !== undefined && (
        <p className="conflict-bar" role="alert" id="conflict">
          This item changed on another device while you were editing it.{" "}
          <button type="button" data-keep="mine" onClick={() => props.draft.keep("mine")}>
            Keep my edits
          </button>{" "}
          <button type="button" data-keep="theirs" onClick={() => props.draft.keep("theirs")}>
            Take theirs
          </button>
        </p>
      )}
      <form
        name={props.name}
        data-kind={props.kind}
        onSubmit={(e) => {
          e.preventDefault();
          void run(props.save);
        }}
      >
        {props.children}
      </form>
    </>
  );
}
