// React components on @syncgate/client/react: the status with who is signed in, and a
// collection's requests, live as they sync from any device. Hooks read; the client writes.
import { byOrder, STATUS_LABELS, type SyncClient } from "@syncgate/client";
import { SyncGateProvider, useEntities, useEntity, useSyncStatus, useUser } from "@syncgate/client/react";
import { createRoot } from "react-dom/client";

function TopBar() {
  const { status, pendingWrites } = useSyncStatus(); // re-renders on status changes only
  const user = useUser();
  return (
    <header>
      <span data-status={status}>{STATUS_LABELS[status]}</span>
      {pendingWrites > 0 && <small> {pendingWrites} pending</small>} {user?.username ?? user?.email}
    </header>
  );
}

function Requests({ client, collectionId }: { client: SyncClient; collectionId: string }) {
  const collection = useEntity("collections", collectionId);
  // re-renders when a request of this collection changes, joins or leaves; the array is shared, so sort a copy
  const requests = useEntities("requests", { where: { collectionId } });
  return (
    <section>
      <h2>{collection?.name}</h2>
      <ul>
        {[...requests].sort(byOrder).map((r) => (
          <li key={r.id}>
            {r.method} {r.name} {r.pending && "(not synced yet)"}
            <button onClick={() => client.requests.update(r.id, { method: r.method === "GET" ? "POST" : "GET" })}>Toggle method</button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function mount(element: HTMLElement, client: SyncClient, collectionId: string): void {
  createRoot(element).render(
    <SyncGateProvider client={client}>
      <TopBar />
      <Requests client={client} collectionId={collectionId} />
    </SyncGateProvider>,
  );
}
