// Operations pages: keep the count screen's scan box ready for the scanner, and let a scanner's Enter
// move on to the next field of forms that take more than one scan. Every page also works without it.
(function () {
  'use strict';

  // The scan box takes the focus back whenever the focus is left on nothing (a click on the page, the
  // window coming back), never from another field the counter chose.
  var box = document.querySelector('[data-keep-focus]');
  if (box) {
    var refocus = function () {
      setTimeout(function () {
        var active = document.activeElement;
        if (!active || active === document.body || active === document.documentElement) box.focus();
      }, 0);
    };
    document.addEventListener('focusout', refocus);
    document.addEventListener('click', refocus);
    window.addEventListener('focus', refocus);
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (el.tagName === 'INPUT' && el.type !== 'hidden' && el.type !== 'checkbox') || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA';
    });
  }

  // data-enter-next="a b:c": Enter in field a moves to the field after it, in b to field c, instead of sending the form.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-enter-next]'), function (form) {
    var moves = {};
    form.getAttribute('data-enter-next').split(/\s+/).forEach(function (rule) {
      var parts = rule.split(':');
      if (parts[0]) moves[parts[0]] = parts[1] || '';
    });
    form.addEventListener('keydown', function (event) {
      var from = event.target;
      if (event.key !== 'Enter' || !from || !(from.id in moves)) return;
      var fields = fieldsOf(form);
      var next = moves[from.id] ? document.getElementById(moves[from.id]) : fields[fields.indexOf(from) + 1];
      if (!next) return;
      event.preventDefault();
      next.focus();
      if (typeof next.select === 'function') next.select();
    });
  });

  // data-copy="a:b": what is typed in a also fills b while b is empty (the officer co-signs as witness).
  Array.prototype.forEach.call(document.querySelectorAll('form[data-copy]'), function (form) {
    var parts = form.getAttribute('data-copy').split(':');
    var from = document.getElementById(parts[0]);
    var to = document.getElementById(parts[1]);
    if (!from || !to) return;
    from.addEventListener('change', function () {
      if (!to.value) to.value = from.value.trim();
    });
  });
})();
