// Draws an objective's measurements against its target (or band) and expected trajectory.
// Data comes from the page's <script id="objective-chart-data" type="application/json">.
(function () {
  "use strict";
  const canvas = document.getElementById("objective-chart");
  const source = document.getElementById("objective-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const datasets = [
    { label: "Measured", data: data.measured, borderColor: "#0d6efd", backgroundColor: "#0d6efd",
      pointRadius: 4, spanGaps: true },
  ];
  if (data.trajectory.some((v) => v !== null)) {
    datasets.push({ label: "Expected trajectory", data: data.trajectory, borderColor: "#6c757d",
      borderDash: [6, 4], pointRadius: 0, spanGaps: true });
  }
  if (data.target.length) {
    datasets.push({ label: "Target", data: data.target, borderColor: "#198754", borderDash: [2, 2],
      pointRadius: 0 });
  }
  if (data.band_low.length) {
    datasets.push({ label: "Lowest acceptable", data: data.band_low, borderColor: "#fd7e14", pointRadius: 0 });
    datasets.push({ label: "Highest acceptable", data: data.band_high, borderColor: "#dc3545", pointRadius: 0 });
  }
  canvas.dataset.ready = "true";
  new Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: datasets },
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: { title: { display: Boolean(data.unit), text: data.unit } } },
    },
  });
})();
