// Draws an objective's measurements against its target (or band) and expected trajectory.
// Data comes from the page's <script id="objective-chart-data" type="application/json">: each
// series is a list of [days since the start date, value] points, drawn on a linear day axis.
// The legend's names come from the canvas's data-label-* attributes, in the page's language.
(function () {
  "use strict";
  const canvas = document.getElementById("objective-chart");
  const source = document.getElementById("objective-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const start = new Date(data.start + "T00:00:00Z");
  const dayLabel = (offset) => new Date(start.getTime() + offset * 86400000).toISOString().slice(0, 10);
  const points = (series) => series.map(([x, y]) => ({ x: x, y: y }));
  const names = canvas.dataset;
  const line = (label, series, style) => ({ label: label, data: points(series), pointRadius: 0, ...style });
  const datasets = [
    line(names.labelMeasured || "Measured", data.measured, { borderColor: "#0d6efd", backgroundColor: "#0d6efd", pointRadius: 4 }),
  ];
  if (data.trajectory.length) {
    datasets.push(line(names.labelTrajectory || "Expected trajectory", data.trajectory, { borderColor: "#6c757d", borderDash: [6, 4] }));
  }
  if (data.target.length) {
    datasets.push(line(names.labelTarget || "Target", data.target, { borderColor: "#198754", borderDash: [2, 2] }));
  }
  if (data.band_low.length) {
    datasets.push(line(names.labelBandLow || "Lowest acceptable", data.band_low, { borderColor: "#fd7e14" }));
    datasets.push(line(names.labelBandHigh || "Highest acceptable", data.band_high, { borderColor: "#dc3545" }));
  }
  canvas.dataset.ready = "true";
  new Chart(canvas, {
    type: "line",
    data: { datasets: datasets },
    options: {
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      plugins: { tooltip: { callbacks: { title: (items) => dayLabel(items[0].parsed.x) } } },
      scales: {
        x: { type: "linear", ticks: { callback: (value) => dayLabel(value), maxTicksLimit: 8 } },
        y: { title: { display: Boolean(data.unit), text: data.unit } },
      },
    },
  });
})();
