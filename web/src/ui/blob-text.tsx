// Text kept in chunks (a large response body, a run's results): loaded when asked for,
// since reading it costs one document read per chunk.
import type { BlobRef } from "@syncgate/client";
import { useState } from "react";
import { client } from "../firebase.js";

export function useBlobText(ref: BlobRef | null | undefined) {
  const [loaded, setLoaded] = useState<{ id: string; text: string } | { id: string; error: string } | undefined>();
  const current = ref && loaded?.id === ref.id ? loaded : undefined;
  const load = () => {
    if (!ref) return;
    client.readBlob(ref).then(
      (text) => setLoaded({ id: ref.id, text }),
      (e: unknown) => setLoaded({ id: ref.id, error: e instanceof Error ? e.message : String(e) }),
    );
  };
  return { text: current && "text" in current ? current.text : undefined, error: current && "error" in current ? current.error : undefined, load };
}

export function BlobLoader({ blob, label, load, error }: { blob: BlobRef; label: string; load: () => void; error: string | undefined }) {
  return (
    <p className="note">
      {label}: {blob.chars.toLocaleString("en")} characters, kept in {blob.chunks} chunk(s).{" "}
      <button type="button" data-load-blob={blob.id} onClick={load}>
        Load
      </button>
      {error && <span className="error"> {error}</span>}
    </p>
  );
}
