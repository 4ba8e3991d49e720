// Draws every chart on the page from its JSON (json_script), with the bundled plotly.js.
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) { return; }
      var fig = JSON.parse(source.textContent);
      fig.layout = fig.layout || {};
      // the template comes once per page from chart-template.js, not with every chart
      if (!fig.layout.template && window.KK_CHART_TEMPLATE) {
        fig.layout.template = window.KK_CHART_TEMPLATE;
      }
      var config = {responsive: true, displaylogo: false};
      window.Plotly.newPlot(el, fig.data, fig.layout, config);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
