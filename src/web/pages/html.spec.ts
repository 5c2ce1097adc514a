import { escapeHtml, html, raw } from './html';

describe('html', () => {
  it('escapes every interpolated value', () => {
    const name = `<script>alert("x")</script> & 'y' \`z\``;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;z&#96;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &#96;z&#96;</p>',
    );
  });

  it('keeps nested templates and raw() fragments, renders arrays and skips null, undefined and false', () => {
    const items = ['a<', 'b>'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}${raw('<br>')}`.value).toBe(
      '<ul><li>a&lt;</li><li>b&gt;</li></ul>0<br>',
    );
  });

  it('escapeHtml leaves ordinary text alone', () => {
    expect(escapeHtml('Acme Corp — Zürich')).toBe('Acme Corp — Zürich');
  });
});
