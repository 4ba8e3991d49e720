// Draws every chart on the page from its JSON (json_script), with the bundled plotly.js.
(function () {
  "use strict";
  var lang = document.documentElement.lang === "da" ? "da" : "en";
  // A plain toolbar: save as a picture, zoom, reset. No plotly logo, no links to plotly's
  // cloud, no editing: nothing on the page points to another host.
  var CONFIG = {
    responsive: true,
    locale: lang,
    displaylogo: false,
    showLink: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    showTips: false,
    modeBarButtons: [["toImage", "zoom2d", "resetScale2d"]],
    toImageButtonOptions: {format: "png", filename: lang === "da" ? "graf" : "chart", scale: 2}
  };
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
      window.Plotly.newPlot(el, fig.data, fig.layout, CONFIG).then(function () {
        // the caption and the table say what the drawing shows; screen readers read those
        el.querySelectorAll("svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
