// PilotBase: no inline script anywhere (CSP script-src 'self'); behaviour is wired here.
(function () {
  "use strict";
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  document.addEventListener("htmx:configRequest", function (evt) {
    evt.detail.headers["X-CSRFToken"] = csrfToken();
  });
  // Buttons that need confirmation: <button data-confirm="确定吗？">
  document.addEventListener("submit", function (evt) {
    var btn = evt.submitter;
    var msg = (btn && btn.getAttribute("data-confirm")) || evt.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { evt.preventDefault(); return; }
    // Double submit: disable the submit buttons once the form is on its way.
    if (!evt.defaultPrevented && !evt.target.hasAttribute("data-allow-resubmit")) {
      window.setTimeout(function () {
        evt.target.querySelectorAll('button[type="submit"], input[type="submit"]').forEach(function (b) { b.disabled = true; });
      }, 0);
    }
  });
  // Print buttons: <button data-print>
  document.addEventListener("click", function (evt) {
    var el = evt.target.closest("[data-print]");
    if (el) { evt.preventDefault(); window.print(); }
  });
  // Repeating rows: <template id="X"> + <button data-add-row="X" data-target="tbodyId">
  document.addEventListener("click", function (evt) {
    var add = evt.target.closest("[data-add-row]");
    if (add) {
      evt.preventDefault();
      var tpl = document.getElementById(add.getAttribute("data-add-row"));
      var target = document.getElementById(add.getAttribute("data-target"));
      if (tpl && target) { target.appendChild(tpl.content.cloneNode(true)); }
      return;
    }
    var del = evt.target.closest("[data-remove-row]");
    if (del) { evt.preventDefault(); var row = del.closest("tr, .pb-row"); if (row) { row.remove(); } }
  });
})();
