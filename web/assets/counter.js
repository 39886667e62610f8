// The counter keeps its scan box focused: a USB scanner types into whatever has the focus.
(function () {
  'use strict';
  var box = document.querySelector('[data-scan-box]');
  if (!box) return;
  var formOpen = function () { return !!document.querySelector('[data-event-form], .event-form'); };
  var focusBox = function () { box.focus(); box.select(); };
  // An open event form takes the focus at its first field (or its first field in error).
  var firstField = document.querySelector('.event-form [aria-invalid="true"], .event-form select, .event-form input:not([type="hidden"])');
  if (formOpen() && firstField) firstField.focus();
  else focusBox();
  // A click on nothing in particular (not a field, button or link) gives the focus back to the box.
  document.addEventListener('click', function (event) {
    if (formOpen()) return;
    if (!event.target.closest('input, select, textarea, button, a, label, summary')) focusBox();
  });
  // Escape always comes back to the box, even from an open form.
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') { event.preventDefault(); focusBox(); }
  });
})();
