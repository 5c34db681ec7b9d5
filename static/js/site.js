// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so that screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
