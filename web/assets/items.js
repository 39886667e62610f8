// Khlang intake form: the witness and the kind-specific fields (cash amount, net weight) follow the
// chosen kind without a round trip. Without this script the server shows them when the kind needs
// them (or is not chosen yet), and a refusal names what is missing.
(function () {
  'use strict';
  var form = document.querySelector('form[data-intake]');
  if (!form) return;
  var kind = form.querySelector('select[name="kind"]');
  var high = (form.getAttribute('data-high-kinds') || '').split(' ');
  var blocks = Array.prototype.slice.call(form.querySelectorAll('[data-show-for]'));

  function update(first) {
    var chosen = kind ? kind.value : '';
    blocks.forEach(function (block) {
      var wants = block.getAttribute('data-show-for').split(' ');
      var show = wants.indexOf(chosen) >= 0 || (wants.indexOf('HIGH') >= 0 && high.indexOf(chosen) >= 0);
      // On arrival a block holding an error stays open, so the message is seen.
      if (first && block.querySelector('[aria-invalid="true"]')) show = true;
      block.hidden = !show;
      // A hidden field is not sent: a witness typed for a kind given up is not checked for nothing.
      Array.prototype.forEach.call(block.querySelectorAll('input, select, textarea'), function (el) { el.disabled = !show; });
    });
  }
  if (kind) kind.addEventListener('change', function () { update(false); });
  update(true);

  var firstError = form.querySelector('[aria-invalid="true"]');
  if (firstError) firstError.focus();
})();
