// coolclaim workbench: small behaviours without inline script (the CSP forbids it).
// "Now" buttons: <button type="button" data-now-for="id_cooling_start"> fills that
// datetime-local input with the tablet's current local time and tells HTMX it changed.
(function () {
  "use strict";
  function pad(n) { return String(n).padStart(2, "0"); }
  function localNow() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-now-for]") : null;
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-now-for"));
    if (!input) { return; }
    input.value = localNow();
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });
})();
