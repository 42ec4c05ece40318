// The top-management dashboard's charts. Data comes from the page: the progress history from
// <script id="progress-chart-data" type="application/json"> (labels plus one series per progress
// value), each sparkline from its canvas's data-points attribute. Every series differs in dash
// pattern and point shape as well as colour, and the legend names it, so colour is never the only
// signal; the figures are also written as text on the page. The axis title comes from the
// canvas's data-axis-title attribute, in the page's language.
(function () {
  "use strict";
  if (typeof Chart === "undefined") {
    return;
  }
  const STYLES = {
    on_track: { color: "#198754", dash: [], point: "circle" },
    at_risk: { color: "#b58100", dash: [8, 4], point: "triangle" },
    off_track: { color: "#dc3545", dash: [2, 3], point: "rectRot" },
  };

  const canvas = document.getElementById("progress-chart");
  const source = document.getElementById("progress-chart-data");
  if (canvas && source) {
    const data = JSON.parse(source.textContent);
    const datasets = data.series.map((series) => {
      const style = STYLES[series.key] || { color: "#6c757d", dash: [], point: "circle" };
      return {
        label: series.label,
        data: series.data,
        borderColor: style.color,
        backgroundColor: style.color,
        borderDash: style.dash,
        pointStyle: style.point,
        pointRadius: 4,
        spanGaps: true,
      };
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: "bottom", labels: { usePointStyle: true } },
          tooltip: { mode: "index", intersect: false },
        },
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: canvas.dataset.axisTitle || "Open objectives" } },
        },
      },
    });
    canvas.dataset.ready = "true";
  }

  document.querySelectorAll("canvas.sparkline").forEach((spark) => {
    const points = (spark.dataset.points || "").split(",").filter((v) => v !== "").map(Number);
    if (!points.length) {
      return;
    }
    new Chart(spark, {
      type: "line",
      data: {
        labels: points.map((_, i) => i + 1),
        datasets: [{ data: points, borderColor: "#495057", borderWidth: 1.5, pointRadius: 0, tension: 0.2 }],
      },
      options: {
        responsive: false,
        animation: false,
        events: [],
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: { x: { display: false }, y: { display: false } },
      },
    });
    spark.dataset.ready = "true";
  });
})();
