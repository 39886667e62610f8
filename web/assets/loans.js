// Khlang loans pages: a scanner types a code and Enter. In the counter's scan rows, Enter moves on to
// the next field instead of submitting half a form. Without this script Enter submits, and the server
// answers with the rows still to scan.
(function () {
  'use strict';

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.isComposing) return;
    var input = event.target;
    if (!input || input.tagName !== 'INPUT' || input.type === 'submit') return;
    var form = input.closest('form.scan-rows');
    if (!form) return;
    var fields = Array.prototype.filter.call(form.querySelectorAll('input, select'), function (el) {
      return el.type !== 'hidden' && !el.disabled && el.offsetParent !== null;
    });
    var next = fields[fields.indexOf(input) + 1];
    if (!next) return;
    event.preventDefault();
    next.focus();
    if (next.select) next.select();
  });
})();
