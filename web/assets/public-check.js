// The public O23 page: a chosen file is hashed in the browser (it never leaves the computer) and its
// SHA-256 checked like a pasted one. Without script, or without Web Crypto, the form uploads the file.
(function () {
  'use strict';
  var form = document.querySelector('form[data-hash-target]');
  if (!form || !window.crypto || !window.crypto.subtle || !window.FileReader) return;
  form.addEventListener('submit', function (event) {
    var input = form.querySelector('input[type="file"]');
    var file = input && input.files && input.files[0];
    if (!file) return;
    event.preventDefault();
    file.arrayBuffer().then(function (bytes) {
      return window.crypto.subtle.digest('SHA-256', bytes);
    }).then(function (digest) {
      var hex = Array.prototype.map.call(new Uint8Array(digest), function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
      var paste = document.querySelector('form.paste');
      paste.querySelector('input[name="sha256"]').value = hex;
      paste.submit();
    }, function () { form.submit(); });
  });
})();
