// The bench's SVG charts: one bar per side and group, each group on its own scale, and
// text escaped.
import { expect, it } from "vitest";
import { barChart } from "../../bench/charts.js";

const widths = (svg: string, side: string) => [...svg.matchAll(new RegExp(`data-side="${side}"[^>]*width="([0-9.]+)"`, "g"))].map((m) => Number(m[1]));

it("draws each group's two sides against the group's larger value", () => {
  const svg = barChart({
    title: "Billed <ops>",
    unit: "ops",
    groups: [
      { label: "idle, per hour", syncgate: 0.08, raw: 0 },
      { label: "per edit", syncgate: 4, raw: 2 },
    ],
  });
  expect(svg.startsWith("<svg")).toBe(true);
  const [ours, raw] = [widths(svg, "syncgate"), widths(svg, "raw")];
  expect(ours).toHaveLength(2);
  expect(raw).toHaveLength(2);
  expect(ours[0]).toBe(ours[1]); // each group's larger side fills the width
  expect(raw[0]).toBe(1); // zero still shows as a sliver
  expect(raw[1]).toBeCloseTo(ours[1]! / 2, 0);
  expect(svg).toContain("Billed &lt;ops&gt;");
  expect(svg).toContain("0.08 ops");
  expect(svg).not.toContain("<ops>");
});
