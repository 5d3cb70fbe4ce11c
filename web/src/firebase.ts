// The app runs against the emulators started by `npm start` (ports from firebase.json).
import { initializeApp } from "firebase/app";
import { createSyncClient } from "@syncgate/client";

const browser = (ua: string) => (/Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrom/.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "Browser");
const host = location.hostname;
export const app = initializeApp({ projectId: "demo-syncgate", apiKey: "demo-api-key", authDomain: "demo-syncgate.firebaseapp.com" });
export const client = createSyncClient({
  app,
  device: { name: `${browser(navigator.userAgent)} on ${navigator.platform || "this computer"}`, platform: "web" },
  emulators: { auth: `${host}:9099`, firestore: `${host}:8080`, functions: `${host}:5001` },
});
// for the end-to-end tests
(window as unknown as { syncgate: typeof client }).syncgate = client;
