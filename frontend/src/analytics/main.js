// Composition root of the analytics dashboards: the "when visitors come" chart, drawn with uPlot from the same
// numbers as the table under it (json_script "analytics-chart-data"). Loaded only on the dashboards.
import uPlot from "uplot";

const root = document.getElementById("analytics-chart");
const source = document.getElementById("analytics-chart-data");
if (root && source) {
  const data = JSON.parse(source.textContent);
  const bars = uPlot.paths.bars({ size: [0.6, 40] });
  const series = [
    { label: data.labels.hour, value: (_u, v) => (v == null ? "" : `${String(v).padStart(2, "0")}:00`) },
    { label: data.labels.visits, stroke: "#1f6f8b", fill: "rgba(31,111,139,0.35)", paths: bars, points: { show: false } },
    { label: data.labels.chats, stroke: "#e0a526", width: 2 },
    { label: data.labels.orders, stroke: "#c0392b", width: 2 },
  ];
  const size = () => ({ width: Math.max(280, root.clientWidth), height: Math.min(320, Math.max(200, root.clientWidth * 0.45)) });
  const plot = new uPlot({
    ...size(),
    series,
    scales: { x: { time: false } },
    axes: [{ values: (_u, ticks) => ticks.map((t) => `${t}h`) }, {}],
  }, [data.hours, data.series.visits, data.series.chats, data.series.orders], root);
  new ResizeObserver(() => plot.setSize(size())).observe(root);
  window.fairAnalytics = { plot }; // Deliberate test hook: the browser test reads what was drawn.
}
