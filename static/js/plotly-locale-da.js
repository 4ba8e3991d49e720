// plotly.js's Danish locale (plotly.js-locales 3.7.0, MIT licence, (c) Plotly
// Technologies Inc.), registered for the browser, with the words of the toolbar and the
// Danish number format added (plotly's own Danish dictionary is empty). Served by the
// application itself like plotly.js.
(function () {
  "use strict";
  if (!window.Plotly) { return; }
  window.Plotly.register({
    moduleType: "locale",
    name: "da",
    dictionary: {
      "Download plot as a png": "Hent grafen som billede (PNG)",
      "Download plot as a PNG": "Hent grafen som billede (PNG)",
      "Download plot": "Hent grafen",
      "Zoom": "Zoom",
      "Reset axes": "Nulstil akserne",
      "Autoscale": "Tilpas akserne",
      "Double-click to zoom back out": "Dobbeltklik for at zoome ud igen",
      "Double-click on legend to isolate one trace": "Dobbeltklik på en forklaring for kun at vise den",
      "Click to enter Plot title": "Klik for at skrive grafens titel",
      "Click to enter X axis title": "Klik for at skrive x-aksens titel",
      "Click to enter Y axis title": "Klik for at skrive y-aksens titel",
      "Click to enter Colorscale title": "Klik for at skrive farveskalaens titel",
      "Taking snapshot - this may take a few seconds": "Gemmer billedet – det kan tage et par sekunder",
      "Snapshot succeeded": "Billedet er gemt",
      "Sorry, there was a problem downloading your snapshot!": "Billedet kunne ikke hentes.",
      "trace": "serie"
    },
    format: {
      days: ["Søndag", "Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag"],
      shortDays: ["Søn", "Man", "Tir", "Ons", "Tor", "Fre", "Lør"],
      months: [
        "Januar", "Februar", "Marts", "April", "Maj", "Juni",
        "Juli", "August", "September", "Oktober", "November", "December"
      ],
      shortMonths: ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"],
      date: "%d-%m-%Y",
      decimal: ",",
      thousands: "."
    }
  });
})();
