import { describe, expect, it } from '@jest/globals';
import { escapeHtml, html, raw } from './html.js';

describe('html', () => {
  it('escapes every interpolated string, Thai left as it is', () => {
    const name = `<script>alert("x")</script> & 'ของกลาง' \``;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;ของกลาง&#39; &#96;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;ของกลาง&#39; &#96;</p>',
    );
  });

  it('keeps nested Html, joins arrays, prints nothing for null, undefined and booleans', () => {
    const items = ['ก', '<b>'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${true}${0}`.value).toBe('<ul><li>ก</li><li>&lt;b&gt;</li></ul>0');
    expect(html`${raw('<br>')}`.value).toBe('<br>');
    expect(escapeHtml('a"b')).toBe('a&quot;b');
  });
});
