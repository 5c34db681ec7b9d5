// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so that screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  // The menu and the filters are <details>. Wide screens show their content through
  // ::details-content (site.css); a browser without it gets them opened here instead.
  var wide = window.matchMedia("(min-width: 60rem)");
  if (!(window.CSS && CSS.supports("selector(::details-content)")) && wide.matches) {
    document.querySelectorAll("details.menu, details.filters-panel").forEach(function (el) {
      el.open = true;
    });
  }
  // Escape closes the phone menu and gives focus back to its button.
  var menu = document.querySelector("details[data-menu]");
  if (menu) {
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }
})();
