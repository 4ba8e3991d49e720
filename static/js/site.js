// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  // Print the whole plan: open every <details> before printing, restore afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  });
  // A link to a folded section (#afsnit-3, from the search) opens it.
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") { target.setAttribute("open", ""); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  // Switching language keeps the place on the page: the anchor goes with the "next" address.
  document.querySelectorAll("form.language-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var next = form.querySelector("input[name=next]");
      if (next && window.location.hash && next.value.indexOf("#") === -1) {
        next.value += window.location.hash;
      }
    });
  });
})();
