// The step form of an application (<form data-step-form hx-sync="this:queue all">): the autosave
// (fired on change and after a pause in typing) and "保存并下一步" (a button with data-step-save and
// its own hx-post) go through one queue on the form, so the save is sent only after the autosave
// before it has answered and swapped in the new version number. Once the save is on its way, later
// autosaves of that page are dropped: they would write against the version the save just replaced.
(function () {
  "use strict";
  function stepForm(elt) {
    return elt && elt.closest ? elt.closest("form[data-step-form]") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var elt = evt.detail.elt;
    var form = stepForm(elt);
    if (!form) { return; }
    if (form.getAttribute("data-leaving") === "1") { evt.preventDefault(); return; }
    if (elt.hasAttribute("data-step-save")) { form.setAttribute("data-leaving", "1"); }
  });
  document.addEventListener("htmx:afterRequest", function (evt) {
    var elt = evt.detail.elt;
    var form = stepForm(elt);
    if (form && elt.hasAttribute("data-step-save") && !evt.detail.xhr.getResponseHeader("HX-Redirect")) {
      form.removeAttribute("data-leaving");
    }
  });
  // A refused save (409 stale, 422 unreadable values) comes back as the page with its message.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var elt = evt.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-step-save") &&
        (evt.detail.xhr.status === 409 || evt.detail.xhr.status === 422)) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
    }
  });
})();
