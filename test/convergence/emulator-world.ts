// The scenario's world on the emulators: real clients, each behind its own FaultProxy.
import { ENTITY_KINDS } from "../../client/src/index.js";
import { functionsAdmin } from "../harness/accounts.js";
import { ClientFleet, newAccount, type TestDevice } from "../harness/clients.js";
import { waitUntil } from "../harness/wait.js";
import { playScenario, type ScenarioOptions, type ScenarioReport, type ScenarioWorld, type State } from "./scenario.js";

export async function runScenario(options: ScenarioOptions & { devices?: number }): Promise<ScenarioReport> {
  const fleet = new ClientFleet();
  const user = await newAccount();
  const problems: string[] = [];
  try {
    const devices: TestDevice[] = [];
    for (let i = 0; i < (options.devices ?? 3); i++) {
      const d = await fleet.device({ name: `D${i}` });
      d.client.onError((e) => problems.push(`D${i}: ${e.code}: ${e.message}`));
      d.client.onSessionEnded((r) => problems.push(`D${i}: session ended (${r})`));
      await d.client.signIn({ identifier: user.email, password: user.password });
      devices.push(d);
    }
    await Promise.all(devices.map((d) => d.client.awaitInSync()));
    const world: ScenarioWorld = {
      devices: devices.map((d) => ({ stores: d.client, link: d.link })),
      between: async (random) => {
        if (random() < 0.1) await new Promise((r) => setTimeout(r, 5 + random() * 40));
      },
      settle: async () => {
        for (const d of devices) d.link.heal();
        await Promise.all(devices.map((d) => d.client.awaitInSync(90_000)));
      },
      serverState: () => serverState(user.uid),
      until: async (what, holds) => void (await waitUntil(what, holds, 60_000, 250)),
      problems,
      defences: () => ({
        stallReconnects: devices.reduce((sum, d) => sum + d.client.metrics.stallReconnects, 0),
        auditRepairs: devices.reduce((sum, d) => sum + d.client.metrics.auditRepairs, 0),
      }),
    };
    return await playScenario(world, options);
  } finally {
    await fleet.closeAll();
  }
}

async function serverState(uid: string): Promise<State> {
  const { db } = functionsAdmin();
  const entries = await Promise.all(
    ENTITY_KINDS.map(async (kind) => {
      const snap = await db.collection(`users/${uid}/${kind}`).get();
      return [kind, Object.fromEntries(snap.docs.map((d) => {
        const { updatedAt: _u, baseBy: _b, ...rest } = d.data();
        return [d.id, { ...rest, id: d.id }];
      }))] as const;
    }),
  );
  return Object.fromEntries(entries);
}
