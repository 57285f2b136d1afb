/* Rebound's only script. Pages work without it; with it, htmx requests carry the CSRF
   token, polls revalidate with ETags, and a failed request is never silent. */
(function () {
  "use strict";

  var lastFailed = null;
  var lastSubmitter = null;

  function submitterOf(detail) {
    var config = detail && detail.requestConfig;
    var event = config && config.triggeringEvent;
    return event && event.submitter ? event.submitter : null;
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function banner() {
    return document.getElementById("net-status");
  }

  /* The words come from the page (data-* on #net-status), in the page's own language. */
  function says(name, fallback) {
    var box = banner();
    return (box && box.getAttribute("data-" + name)) || fallback;
  }

  function showProblem(message, canRetry, quiet) {
    var box = banner();
    if (!box) return;
    box.querySelector(".net-message").textContent = message;
    box.querySelector(".net-retry").hidden = !canRetry;
    box.classList.toggle("quiet", !!quiet);
    box.hidden = false;
  }

  function clearProblem() {
    var box = banner();
    if (box) box.hidden = true;
    lastFailed = null;
    lastSubmitter = null;
  }

  function isPoll(elt) {
    return elt && elt.hasAttribute && elt.hasAttribute("data-etag");
  }

  function serverMessage(xhr) {
    // Our error fragments carry a heading and a sentence; show them as plain text.
    var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var problem = doc.querySelector("#problem");
    if (problem) {
      var title = problem.querySelector("h1");
      var detail = problem.querySelector("p");
      return (title ? title.textContent + ". " : "") + (detail ? detail.textContent : "");
    }
    return says("server", "The server could not do that (error {status}).").replace("{status}", xhr.status);
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var verb = (event.detail.verb || "get").toLowerCase();
    if (verb !== "get") {
      event.detail.headers["X-CSRFToken"] = csrfToken();
    }
    var elt = event.detail.elt;
    if (verb === "get" && isPoll(elt)) {
      event.detail.headers["If-None-Match"] = '"' + elt.getAttribute("data-etag") + '"';
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && !isPoll(event.detail.elt)) {
      clearProblem();
    } else if (event.detail.successful && lastFailed === "poll") {
      clearProblem();
    }
  });

  document.addEventListener("htmx:sendError", function (event) {
    var elt = event.detail.elt;
    if (isPoll(elt)) {
      lastFailed = "poll";
      showProblem(says("lost", "Connection lost. Reconnecting…"), false, true);
      return;
    }
    lastFailed = elt;
    lastSubmitter = submitterOf(event.detail);
    showProblem(says("unreachable", "Could not reach the server."), true);
  });

  document.addEventListener("htmx:responseError", function (event) {
    var elt = event.detail.elt;
    if (isPoll(elt)) {
      lastFailed = "poll";
      showProblem(says("stale", "The live view could not refresh. Retrying…"), false, true);
      return;
    }
    lastFailed = elt;
    lastSubmitter = submitterOf(event.detail);
    showProblem(serverMessage(event.detail.xhr) + " " + says("kept", ""), true);
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    if (target.closest(".net-dismiss")) {
      clearProblem();
    } else if (target.closest(".net-retry") && lastFailed && lastFailed !== "poll") {
      var elt = lastFailed;
      var submitter = lastSubmitter || (elt.tagName === "BUTTON" ? elt : null);
      clearProblem();
      var form = elt.closest ? elt.closest("form") : null;
      if (form && typeof form.requestSubmit === "function") {
        if (submitter && submitter.form === form) {
          submitter.click();  // a real click, so the button's name and value are sent again
        } else {
          form.requestSubmit();
        }
      } else {
        htmx.trigger(elt, "click");
      }
    }
  });

  /* Live character counters for fields marked data-counter. */
  function updateCounter(field) {
    var out = document.getElementById(field.getAttribute("data-counter"));
    if (!out) return;
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var left = max - field.value.length;
    out.textContent = (out.getAttribute("data-left") || "{n} characters left").replace("{n}", left);
    out.classList.toggle("error", left < 100);
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field instanceof Element && field.hasAttribute("data-counter")) updateCounter(field);
  });

  function initCounters(root) {
    (root || document).querySelectorAll("[data-counter]").forEach(updateCounter);
  }

  /* Story review: select words in the preview to hide them too (typing them works as well). */
  function selectedInPreview() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return "";
    var node = selection.getRangeAt(0).commonAncestorContainer;
    var element = node.nodeType === 1 ? node : node.parentElement;
    if (!element || !element.closest("[data-redact-source]")) return "";
    return selection.toString().replace(/\s+/g, " ").trim().slice(0, 120);
  }

  document.addEventListener("selectionchange", function () {
    var button = document.querySelector(".hide-selection");
    if (button) button.hidden = selectedInPreview() === "";
  });

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest(".hide-selection") : null;
    if (!button) return;
    var words = selectedInPreview();
    var form = button.closest("form");
    var field = form ? form.querySelector("#extra") : null;
    if (!words || !field) return;
    field.value = (field.value.trim() ? field.value.trim() + "\n" : "") + words;
    form.requestSubmit(form.querySelector('button[value="update"]:not(.default-submit)'));
  });

  /* A poll that brings a changed page must not throw away an answer being given: what the
     participant chose or typed in a form they have not sent yet is carried into the same form
     (same id) in the new page. A form no longer there was answered or is no longer asked. */
  var unsent = null;

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.id) form.setAttribute("data-unsent", "");
  });

  document.addEventListener("submit", function (event) {
    event.target.removeAttribute("data-unsent");
  });

  function fieldsOf(form) {
    var kept = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "submit" || field.type === "button") return;
      var choice = field.type === "radio" || field.type === "checkbox";
      kept.push({ name: field.name, value: field.value, checked: field.checked, choice: choice });
    });
    return kept;
  }

  function restore(form, kept) {
    kept.forEach(function (was) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name !== was.name) return;
        if (was.choice) {
          if (field.value === was.value) field.checked = was.checked;
        } else {
          field.value = was.value;
        }
      });
    });
    form.setAttribute("data-unsent", "");
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    unsent = null;
    if (!isPoll(event.detail.elt) || !event.detail.shouldSwap) return;
    var forms = event.detail.target.querySelectorAll("form[id][data-unsent]");
    if (!forms.length) return;
    unsent = Array.prototype.map.call(forms, function (form) {
      return { id: form.id, fields: fieldsOf(form) };
    });
  });

  document.addEventListener("htmx:afterSwap", function () {
    if (!unsent) return;
    unsent.forEach(function (entry) {
      var form = document.getElementById(entry.id);
      if (form && form.tagName === "FORM") restore(form, entry.fields);
    });
    unsent = null;
  });

  document.addEventListener("DOMContentLoaded", function () { initCounters(document); });
  document.addEventListener("htmx:load", function (event) { initCounters(event.detail.elt); });
})();
