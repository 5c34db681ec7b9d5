/* The admin's autocomplete (Select2) draws a combobox (and a read-only textbox) named only
   by its current value: name them by the field's label as well, so that a screen reader
   says which field it is (WCAG 4.1.2; axe-core "aria-input-field-name"). Select2 is set up
   in a jQuery ready handler, which may run after this script: every Select2 added to the
   page is named as soon as it appears (MutationObserver). */
(function () {
  "use strict";

  function nameComboboxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var wrapper = select.parentElement;
      var combobox = wrapper && wrapper.querySelector('.select2-selection[role="combobox"]');
      if (!label || !combobox) {
        return;
      }
      if (!label.id) {
        label.id = select.id + "-label";
      }
      var container = "select2-" + select.id + "-container";
      var names = label.id + " " + container;
      if (combobox.getAttribute("aria-labelledby") !== names) {
        combobox.setAttribute("aria-labelledby", names);
      }
      var rendered = document.getElementById(container);
      if (rendered && rendered.getAttribute("aria-labelledby") !== names) {
        rendered.setAttribute("aria-labelledby", names);
      }
    });
  }

  function start() {
    nameComboboxes(document);
    new MutationObserver(function () {
      nameComboboxes(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
