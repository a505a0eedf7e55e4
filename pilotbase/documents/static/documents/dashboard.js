// Statistics charts: data comes from <script type="application/json"> blocks (json_script),
// never from inline code, so the page keeps CSP script-src 'self'.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var font = { fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif' };
  function stacked(d) {
    return {
      textStyle: font,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.units, inverse: true },
      series: d.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "all", data: s.data, emphasis: { focus: "series" } };
      })
    };
  }
  function bar(d) {
    return {
      textStyle: font,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: {
        type: "category", data: d.labels, inverse: true,
        axisLabel: { width: 160, overflow: "truncate" }
      },
      series: [{ type: "bar", data: d.values, label: { show: true, position: "right" }, itemStyle: { color: "#1f5fa8" } }]
    };
  }
  var builders = { stacked: stacked, bar: bar };
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var d = data(el.getAttribute("data-source"));
    var build = builders[el.getAttribute("data-chart")];
    if (!d || !build) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(build(d));
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
