// The portal's few behaviours, kept out of the pages so that the Content Security Policy can
// forbid inline script. Each is switched on by a data attribute in the markup.
(function () {
  "use strict";

  // <form data-submit-once>: one click, one submission (the server also refuses a second
  // copy by the form's token).
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    });
  });

  // <select data-autosubmit>: choosing a value submits its form (the language switch).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  // <form data-confirm="question">: a step that cannot be undone asks first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });

  // <button data-insert="text">: puts a reply template into its form's text box, where the
  // cursor is (or at the end), to be finished before sending.
  document.querySelectorAll("button[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = button.form && button.form.querySelector("textarea");
      if (!box) {
        return;
      }
      var at = box.selectionStart === undefined ? box.value.length : box.selectionStart;
      var end = box.selectionEnd === undefined ? at : box.selectionEnd;
      box.value = box.value.slice(0, at) + button.dataset.insert + box.value.slice(end);
      box.focus();
      box.selectionStart = box.selectionEnd = at + button.dataset.insert.length;
    });
  });

  // <form data-similar="url" data-similar-into="id">: while the person types the title and
  // description, the page asks the portal for similar open requests and typical cases and
  // shows them beside the form; the cases opened are sent with the form (cases_seen).
  document.querySelectorAll("form[data-similar]").forEach(function (form) {
    var aside = document.getElementById(form.dataset.similarInto);
    var seen = form.querySelector("input[name=cases_seen]");
    var timer = null;
    var last = "";
    function ask() {
      var title = form.querySelector("[name=title]");
      var description = form.querySelector("[name=description]");
      var params = new URLSearchParams({
        title: title ? title.value.slice(0, 120) : "",
        description: description ? description.value.slice(0, 300) : "",
      });
      if (params.toString() === last) return;
      last = params.toString();
      fetch(form.dataset.similar + "?" + last, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { aside.innerHTML = html; })
        .catch(function () {});
    }
    form.addEventListener("input", function (event) {
      if (!event.target.name || ["title", "description"].indexOf(event.target.name) < 0) return;
      clearTimeout(timer);
      timer = setTimeout(ask, 400);
    });
    aside.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-case]");
      if (!link || !seen) return;
      var ids = seen.value ? seen.value.split(",") : [];
      if (ids.indexOf(link.dataset.case) < 0 && ids.length < 20) ids.push(link.dataset.case);
      seen.value = ids.join(",");
    });
  });

  // <button data-print>: prints the page.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
