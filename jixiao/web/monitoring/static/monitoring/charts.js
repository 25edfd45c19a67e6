// Charts of the monitoring pages, drawn with Chart.js (installed from npm, served locally).
// Data comes from <script type="application/json"> blocks written by the server.
(function () {
  "use strict";
  function num(list) { return list.map(function (v) { return v === null ? null : Number(v); }); }
  function read(id) { var el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; }
  function missing(canvas) {
    var p = document.createElement("p");
    p.className = "muted";
    p.textContent = "图表暂不能显示（系统管理员可运行 scripts/install-frontend.sh 安装图表库），请看下方表格。";
    var box = canvas.parentNode;
    box.replaceChild(p, canvas);
    // The box keeps the chart's height: without a chart it would leave a blank gap.
    if (box.classList && box.classList.contains("chart-box")) { box.style.height = "auto"; }
  }
  function percentAxis() {
    return { beginAtZero: true, suggestedMax: 100, ticks: { callback: function (v) { return v + "%"; } } };
  }
  document.addEventListener("DOMContentLoaded", function () {
    var curve = document.getElementById("curve-chart");
    var data = read("curve-data");
    if (curve && data) {
      if (!window.Chart) { missing(curve); } else {
        new window.Chart(curve, {
          type: "line",
          data: {
            labels: data.labels,
            datasets: [
              { label: "计划累计进度（%）", data: num(data.planned), borderColor: "#1565c0", backgroundColor: "#1565c0", borderDash: [6, 4], stepped: false, tension: 0 },
              { label: "实际累计执行率（%）", data: num(data.executed), borderColor: "#c62828", backgroundColor: "#c62828", tension: 0 }
            ]
          },
          options: { animation: false, maintainAspectRatio: false, scales: { y: percentAxis() },
                     plugins: { title: { display: true, text: "计划与实际累计支出进度" } } }
        });
        curve.dataset.drawn = "1";
      }
    }
    var bars = document.getElementById("unit-chart");
    var unit = read("unit-data");
    if (bars && unit) {
      // The height comes as data (the Content-Security-Policy forbids inline styles).
      var box = bars.parentNode;
      if (box && box.dataset.height) { box.style.height = box.dataset.height + "px"; }
      if (!window.Chart) { missing(bars); } else {
        new window.Chart(bars, {
          type: "bar",
          data: {
            labels: unit.labels,
            datasets: [
              { label: "执行率（%）", data: num(unit.rate), backgroundColor: "#c62828" },
              { label: "计划进度（%）", data: num(unit.expected), backgroundColor: "#90caf9" }
            ]
          },
          options: { animation: false, maintainAspectRatio: false, indexAxis: "y",
                     scales: { x: percentAxis() },
                     plugins: { title: { display: true, text: "各项目执行率与计划进度" } } }
        });
        bars.dataset.drawn = "1";
      }
    }
  });
})();
