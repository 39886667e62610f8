// Khlang pages: a little script for the counter's keyboard work; every page also works without it.
(function () {
  'use strict';

  // Buttons and links with data-shortcut="F2" … are pressed by that key, also while typing in the scan box.
  document.addEventListener('keydown', function (event) {
    if (!/^F\d{1,2}$/.test(event.key)) return;
    var target = document.querySelector('[data-shortcut="' + event.key + '"]');
    if (!target) return;
    event.preventDefault();
    if (target.tagName === 'INPUT' || target.tagName === 'SELECT') target.focus();
    else target.click();
  });

  // The menu opens on a wide screen; on a phone it stays folded until asked.
  var menu = document.querySelector('.nav-menu');
  if (menu && window.matchMedia('(min-width: 721px)').matches) menu.setAttribute('open', '');
})();
