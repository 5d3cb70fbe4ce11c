// SVG charts of a bench run: grouped bars, syncgate next to the raw Firebase SDK, one
// group per measure. Plain SVG text (no chart library): a browser or GitHub shows it.

export interface BarGroup {
  label: string;
  syncgate: number;
  raw: number;
}

export interface BarChart {
  title: string;
  unit: string;
  groups: BarGroup[];
}

const WIDTH = 640;
const ROW = 56;
const LEFT = 230;
const TOP = 48;
const BAR = 18;
const COLORS = { syncgate: "#2563eb", raw: "#9ca3af" } as const;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const number = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/**
 * Horizontal bars. Each group has its own scale (its larger side fills the width): the
 * groups measure different things, and what a group shows is how the two sides compare.
 */
export function barChart(chart: BarChart): string {
  const span = WIDTH - LEFT - 80;
  const height = TOP + chart.groups.length * ROW + 32;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="24" font-size="15" font-weight="bold">${escape(chart.title)}</text>`,
  ];
  chart.groups.forEach((group, i) => {
    const y = TOP + i * ROW;
    const max = Math.max(group.syncgate, group.raw, Number.MIN_VALUE);
    parts.push(`<text x="12" y="${y + BAR + 4}">${escape(group.label)}</text>`);
    (["syncgate", "raw"] as const).forEach((side, j) => {
      const value = group[side];
      const w = Math.max(1, (value / max) * span);
      const by = y + j * (BAR + 2);
      parts.push(`<rect data-side="${side}" x="${LEFT}" y="${by}" width="${w.toFixed(1)}" height="${BAR}" fill="${COLORS[side]}"/>`);
      parts.push(`<text x="${(LEFT + w + 6).toFixed(1)}" y="${by + BAR - 5}">${number(value)} ${escape(chart.unit)}</text>`);
    });
  });
  const legendY = height - 14;
  parts.push(
    `<rect x="12" y="${legendY - 10}" width="12" height="12" fill="${COLORS.syncgate}"/><text x="30" y="${legendY}">syncgate</text>`,
    `<rect x="110" y="${legendY - 10}" width="12" height="12" fill="${COLORS.raw}"/><text x="128" y="${legendY}">raw Firebase SDK</text>`,
    "</svg>",
  );
  return parts.join("\n") + "\n";
}
