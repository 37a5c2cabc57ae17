// coolclaim workbench: small behaviours without inline script (the CSP forbids it).
// "Now" buttons: <button type="button" data-now-for="id_cooling_start"> fills that
// datetime-local input with the tablet's current local time and tells HTMX it changed.
(function () {
  "use strict";
  function pad(n) { return String(n).padStart(2, "0"); }
  // The current time in the facility's zone (data-now-zone), not the device's: a tablet set to
  // another zone still records the ward's clock.
  function localNow(zone) {
    var d = new Date();
    if (zone && window.Intl && Intl.DateTimeFormat) {
      try {
        var parts = {};
        new Intl.DateTimeFormat("en-US", {
          timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
          hour: "2-digit", minute: "2-digit"
        }).formatToParts(d).forEach(function (p) { parts[p.type] = p.value; });
        return parts.year + "-" + parts.month + "-" + parts.day + "T" + parts.hour + ":" + parts.minute;
      } catch (e) { /* unknown zone: fall back to the device's clock */ }
    }
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-now-for]") : null;
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-now-for"));
    if (!input) { return; }
    input.value = localNow(button.getAttribute("data-now-zone"));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });
})();
