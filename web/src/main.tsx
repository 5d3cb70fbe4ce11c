// The web app: an API-client shell on @syncgate/client and its React binding.
import { SyncGateProvider } from "@syncgate/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import { client } from "./firebase.js";

await client.ready;
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <SyncGateProvider client={client}>
      <App />
    </SyncGateProvider>
  </StrictMode>,
);
