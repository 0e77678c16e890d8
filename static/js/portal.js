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

  // <button data-print>: prints the page.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
