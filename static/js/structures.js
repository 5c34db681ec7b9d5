// The directory's live filtering: a progressive enhancement, the form works without it.
// When a filter changes, fetch the same URL (the server answers with the results region
// only), swap it in place, keep the address bar in step and announce the result count.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-filter]");
  var status = document.querySelector("[data-live-status]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.history.replaceState) {
    return;
  }
  var timer = null;
  var controller = null;

  function queryOf(formElement) {
    var params = new URLSearchParams();
    new FormData(formElement).forEach(function (value, key) {
      if (value !== "") {
        params.append(key, value);
      }
    });
    return params.toString();
  }

  function update() {
    var query = queryOf(form);
    var url = form.getAttribute("action") + (query ? "?" + query : "");
    var region = document.querySelector("[data-live-results]");
    if (controller) {
      controller.abort();
    }
    controller = window.AbortController ? new AbortController() : null;
    if (region) {
      region.setAttribute("aria-busy", "true");
    }
    fetch(url, {
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var current = document.querySelector("[data-live-results]");
        var template = document.createElement("template");
        template.innerHTML = html.trim();
        var fresh = template.content.querySelector("[data-live-results]");
        if (!current || !fresh) {
          return;
        }
        current.replaceWith(fresh);
        window.history.replaceState(null, "", url);
        if (status) {
          var count = fresh.querySelector("#results-count");
          status.textContent = count ? count.textContent.replace(/\s+/g, " ").trim() : "";
        }
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        // Fall back to an ordinary page load: the server renders the whole page.
        window.location.assign(url);
      });
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, delay);
  }

  form.addEventListener("change", function (event) {
    if (event.target && event.target.type !== "search") {
      schedule(0);
    }
  });
  form.addEventListener("input", function (event) {
    if (event.target && event.target.type === "search") {
      schedule(350);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    schedule(0);
  });
})();
