// REALIS booking form, progressive enhancement only (the form works without it):
// when the start time moves to or past the end time, move the end one hour later.
(function () {
  "use strict";
  var start = document.getElementById("id_start_time");
  var end = document.getElementById("id_end_time");
  if (!start || !end) {
    return;
  }
  function minutes(value) {
    var parts = value.split(":");
    return parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10);
  }
  start.addEventListener("change", function () {
    if (!end.value || minutes(end.value) <= minutes(start.value)) {
      var wanted = minutes(start.value) + 60;
      for (var i = 0; i < end.options.length; i += 1) {
        if (minutes(end.options[i].value) >= wanted || i === end.options.length - 1) {
          end.selectedIndex = i;
          break;
        }
      }
    }
  });
})();
