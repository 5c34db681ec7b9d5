// YESS application: autosave of a step's answers, and one submission per click.
// Progressive enhancement only: without this file every step saves with its buttons.
// Its messages come translated from the template (data-saved, data-failed, data-offline).
(function () {
  "use strict";

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function setupAutosave(form) {
    var url = form.getAttribute("data-autosave");
    var status = form.querySelector("[data-autosave-status]");
    var errorBox = form.querySelector("[data-autosave-error]");
    var timer = null;
    var inFlight = false;
    var pending = false;

    function text(element, name, time) {
      return element.getAttribute(name).replace("{time}", time || "");
    }

    function showError(message) {
      status.textContent = "";
      errorBox.hidden = false;
      errorBox.textContent = message;
    }

    function save() {
      if (inFlight) { pending = true; return; }
      inFlight = true;
      var data = new FormData(form);
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (result.ok && result.body.ok) {
          errorBox.hidden = true;
          errorBox.textContent = "";
          status.textContent = text(status, "data-saved", result.body.saved_at);
        } else {
          showError(result.body.error || text(errorBox, "data-failed"));
        }
      }).catch(function () {
        var now = new Date();
        var time = two(now.getHours()) + ":" + two(now.getMinutes());
        showError(text(errorBox, "data-offline", time));
      }).then(function () {
        inFlight = false;
        if (pending) { pending = false; save(); }
      });
    }

    function schedule() {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(save, 1500);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    form.addEventListener("submit", function () {
      if (timer) { window.clearTimeout(timer); }
    });
  }

  var forms = document.querySelectorAll("form[data-autosave]");
  for (var i = 0; i < forms.length; i++) { setupAutosave(forms[i]); }

  // A double-click on "Déposer" sends one request (the server refuses a second anyway).
  var once = document.querySelectorAll("form[data-once]");
  for (var j = 0; j < once.length; j++) {
    once[j].addEventListener("submit", function (event) {
      if (this.getAttribute("data-sent")) { event.preventDefault(); return; }
      this.setAttribute("data-sent", "1");
    });
  }
})();
