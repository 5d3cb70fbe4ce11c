// Postman import (with a progress bar) and export.
import { client } from "../firebase.js";
import { app, esc, h, onClick } from "../ui.js";

export function transferScreen() {
  app.replaceChildren(
    h(`<section><h2>Import a Postman collection</h2>
      <input type="file" id="import-file" accept=".json" /> <progress id="import-progress" value="0" max="1"></progress> <span id="import-result"></span>
    </section>
    <section><h2>Export</h2><ul>${client.collections
      .list()
      .map((c) => `<li>${esc(c.name)} <button data-export="${c.id}">Download</button></li>`)
      .join("")}</ul></section>`),
  );
  const progress = app.querySelector<HTMLProgressElement>("#import-progress")!;
  app.querySelector<HTMLInputElement>("#import-file")!.addEventListener("change", async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const result = app.querySelector<HTMLElement>("#import-result")!;
    try {
      const { entities } = await client.postman.importCollection(await file.text(), { onProgress: ({ done, total }) => (progress.value = done / total) });
      result.textContent = `imported ${entities} items`;
    } catch (error) {
      result.textContent = (error as Error).message;
    }
  });
  onClick("export", async (id) => {
    const json = await client.postman.exportCollection(id);
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: "application/json" }));
    a.download = `${(json["info"] as { name: string }).name}.postman_collection.json`;
    a.click();
  });
}
