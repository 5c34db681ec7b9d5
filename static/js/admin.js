/* The admin's autocomplete (Select2) draws a combobox (and a read-only textbox) named only
   by its current value:
   name it by the field's label as well, so that a screen reader says which field it is
   (WCAG 4.1.2; axe-core "aria-input-field-name"). Runs once the page has loaded and
   whenever an inline form is added. */
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
      combobox.setAttribute("aria-labelledby", label.id + " " + container);
      // The value's read-only textbox, empty when nothing is chosen yet.
      var rendered = document.getElementById(container);
      if (rendered) {
        rendered.setAttribute("aria-labelledby", label.id + " " + container);
      }
    });
  }

  window.addEventListener("load", function () {
    nameComboboxes(document);
  });
  document.addEventListener("formset:added", function (event) {
    window.setTimeout(function () {
      nameComboboxes(event.target);
    }, 0);
  });
})();
