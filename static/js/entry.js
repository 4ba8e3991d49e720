// The year-entry form warns before the page is left with changes that are not saved.
(function () {
  "use strict";
  var form = document.querySelector("form.year-entry");
  if (!form) { return; }
  var dirty = form.dataset.unsaved === "1";
  var submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  var summary = document.getElementById("entry-summary");
  if (summary) { summary.focus(); }
})();
