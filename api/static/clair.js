/* Clair: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  /* Commune autocomplete (ARIA combobox pattern: arrows, Enter, Escape). */
  function autocomplete(box) {
    var input = box.querySelector("input");
    var list = box.querySelector("[role=listbox]");
    var url = box.getAttribute("data-autocompletion");
    var items = [], active = -1, timer = null, lastQuery = "";

    function close() {
      list.hidden = true; list.innerHTML = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(i) {
      if (i < 0 || i >= items.length) return;
      input.value = items[i].libelle; close();
    }
    function highlight(i) {
      var options = list.querySelectorAll("li");
      options.forEach(function (li, k) { li.setAttribute("aria-selected", k === i ? "true" : "false"); });
      active = i;
      if (options[i]) input.setAttribute("aria-activedescendant", options[i].id);
    }
    function show(found) {
      items = found; list.innerHTML = "";
      if (!found.length) { close(); return; }
      found.forEach(function (c, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.textContent = c.libelle + (c.codes_postaux.length ? " — " + c.codes_postaux[0] : "");
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false; input.setAttribute("aria-expanded", "true"); active = -1;
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        lastQuery = q;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (found) { if (q === lastQuery) show(found); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  /* Copy buttons: data-copier="id of the field". */
  function copyButton(button) {
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-copier");
      var field = document.getElementById(id);
      var status = document.querySelector("[data-copie-statut='" + id + "']");
      function done(ok) { if (status) status.textContent = ok ? "Adresse copiée." : "Sélectionnez l'adresse et copiez-la."; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () { field.select(); done(false); });
      } else { field.select(); try { done(document.execCommand("copy")); } catch (err) { done(false); } }
    });
  }

  /* Long analyses: poll the job and move the progress bar, then show the result. */
  function progress(box) {
    var url = box.getAttribute("data-suivi");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[role=status]");
    function tick() {
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (bar && job.total) { bar.max = job.total; bar.value = job.fait; }
          if (text && job.message) text.textContent = job.message;
          if (job.etat === "termine" || job.etat === "erreur") { window.location.reload(); }
          else { setTimeout(tick, 700); }
        })
        .catch(function () { setTimeout(tick, 2000); });
    }
    setTimeout(tick, 500);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-autocompletion]").forEach(autocomplete);
    document.querySelectorAll("[data-copier]").forEach(copyButton);
    document.querySelectorAll("[data-suivi]").forEach(progress);
  });
})();
