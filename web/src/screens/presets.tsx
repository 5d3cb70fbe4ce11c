// Header presets: named sets of headers, inserted into a request from its Headers section.
import type { Entity } from "@syncgate/client";
import { useEntities } from "@syncgate/client/react";
import { KeyValueTable } from "../editor/key-value-table.js";
import { client } from "../firebase.js";
import { useNotices } from "../ui/actions.js";
import { DraftForm } from "../ui/draft-form.js";
import { useDraft } from "../ui/use-draft.js";

type Preset = Entity<"headerPresets">;

function PresetCard({ preset }: { preset: Preset }) {
  const { remove } = useNotices();
  const draft = useDraft(preset.id, preset, (p) => ({ name: p.name, headers: p.headers }));
  return (
    <li className="preset" data-preset={preset.id}>
      <DraftForm name="edit-preset" draft={draft} save={() => client.headerPresets.update(preset.id, draft.changes())}>
        <input name="name" value={draft.value.name} onChange={(e) => draft.set({ name: e.target.value })} required />
        <button disabled={!draft.dirty}>Save</button>
        <button type="button" className="danger" onClick={() => remove("headerPresets", preset.id, preset.name)}>
          Delete
        </button>
        {preset.pending && <em> not synced yet</em>}
        <KeyValueTable name="preset-headers" rows={draft.value.headers} onChange={(headers) => draft.set({ headers })} />
      </DraftForm>
    </li>
  );
}

export function PresetsScreen() {
  const presets = useEntities("headerPresets");
  const { onCreate } = useNotices();
  const add = onCreate((field) =>
    void client.headerPresets.create({ name: field("name").value, headers: [{ key: field("key").value, value: field("value").value }], order: Date.now() }),
  );
  return (
    <section id="presets">
      <h2>Header presets</h2>
      <ul className="presets">
        {[...presets]
          .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
          .map((p) => (
            <PresetCard key={p.id} preset={p} />
          ))}
      </ul>
      <form name="new-preset" onSubmit={add}>
        <input name="name" placeholder="preset name" required />
        <input name="key" placeholder="first header" required />
        <input name="value" placeholder="its value" />
        <button>Add preset</button>
      </form>
    </section>
  );
}
