// Coventis progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // A "Print" button on the schedule page (the print style sheet does the layout).
  var printSlot = document.querySelector("[data-coventis-print]");
  if (printSlot && window.print) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = printSlot.getAttribute("data-label");
    button.addEventListener("click", function () { window.print(); });
    printSlot.appendChild(button);
  }

  // Registration: show only the fields that apply to the chosen category.
  var form = document.querySelector("[data-coventis-registration]");
  if (!form) { return; }
  var kind = form.querySelector("#id_kind");
  var groups = {
    acheteur: ["#id_organisation", "#id_buyer_type"],
    exposant: ["#id_enterprise"],
    visiteur: ["#id_organisation"]
  };
  var all = ["#id_organisation", "#id_buyer_type", "#id_enterprise"];
  function fieldOf(selector) {
    var input = form.querySelector(selector);
    return input ? input.closest(".field") : null;
  }
  function update() {
    var shown = groups[kind.value] || all;
    all.forEach(function (selector) {
      var field = fieldOf(selector);
      if (field) { field.hidden = shown.indexOf(selector) === -1; }
    });
  }
  if (kind) {
    kind.addEventListener("change", update);
    update();
  }
})();
