import { durationInWords, verificationMail, VerificationMailInput } from './verification-mail';

const LINK = 'https://links.example.com/verify-email/Yk3v0x9QmT1c2hY5fQ-3Lr8aZp0W4nJb6sKe7uVd1Xg';

const input = (overrides: Partial<VerificationMailInput> = {}): VerificationMailInput => ({
  messageId: 'evt-1@links.example.com',
  to: 'ada@contoso.com',
  productName: 'Contoso Portal',
  organizationName: 'Fabrikam Ltd',
  firstName: 'Ada',
  link: LINK,
  ttlMinutes: 60,
  ...overrides,
});

/** Every URL a reader or a mail client could follow: http(s) anywhere, and every href/src/action. */
function urlsIn(body: string): string[] {
  const attributes = [...body.matchAll(/\b(?:href|src|action|background|srcset)\s*=\s*"([^"]*)"/gi)].map((match) => match[1]);
  const bare = [...body.matchAll(/https?:\/\/[^\s"<>]+/gi)].map((match) => match[0]);
  return [...attributes, ...bare];
}

describe('verificationMail', () => {
  it('asks to confirm the address to join the organization, to that address only, with the given Message-ID', () => {
    const mail = verificationMail(input());
    expect(mail.messageId).toBe('evt-1@links.example.com');
    expect(mail.to).toBe('ada@contoso.com');
    expect(mail.subject).toBe('Confirm your email address to join Fabrikam Ltd');
  });

  it('carries the organization, the product, the link, the duration and "once" in both bodies', () => {
    const mail = verificationMail(input({ ttlMinutes: 45 }));
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Fabrikam Ltd');
      expect(body).toContain('Contoso Portal');
      expect(body).toContain(LINK);
      expect(body).toContain('works for 45 minutes, and only once');
      expect(body).toContain('finish joining Fabrikam Ltd');
      expect(body).toContain('If you did not sign up, ignore this email: nothing happens');
      expect(body).toContain('Hello Ada,');
    }
    // The link stands on its own line in the text, so that every client makes it clickable whole.
    expect(mail.text.split('\n')).toContain(LINK);
  });

  it('shows the time left in words that match it exactly', () => {
    expect(verificationMail(input({ ttlMinutes: 1 })).text).toContain('works for 1 minute,');
    expect(verificationMail(input({ ttlMinutes: 90 })).text).toContain('works for 90 minutes,');
    expect(verificationMail(input({ ttlMinutes: 120 })).html).toContain('works for 2 hours,');
    expect(durationInWords(60)).toBe('60 minutes');
    expect(durationInWords(61)).toBe('61 minutes');
    expect(durationInWords(1440)).toBe('1 day');
    expect(durationInWords(10080)).toBe('7 days');
    expect(durationInWords(1500)).toBe('25 hours');
  });

  it('escapes a hostile organization, product and first name everywhere in the HTML', () => {
    const hostile = `<script>alert("x")</script><img src="/t.png"> & 'Co' \`x\``;
    const mail = verificationMail(input({ organizationName: hostile, productName: `<b onmouseover="x">Portal</b>`, firstName: `"><a href="/x">` }));
    expect(mail.html).not.toMatch(/<script|<img|<b |<a href="\/x/i);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=&quot;/t.png&quot;&gt; &amp; &#39;Co&#39; &#96;x&#96;');
    expect(mail.html).toContain('&lt;b onmouseover=&quot;x&quot;&gt;Portal&lt;/b&gt;');
    // The plain text is text: the name as written (no markup to interpret there).
    expect(mail.text).toContain(hostile);
  });

  it('lets no name add a URL of its own, in either body', () => {
    const mail = verificationMail(
      input({ organizationName: 'Fabrikam https://evil.example/login', productName: 'Portal (HTTP://evil.example)', firstName: 'javascript://x' }),
    );
    expect(urlsIn(mail.text)).toEqual([LINK]);
    expect(urlsIn(mail.html).filter((url) => url !== LINK)).toEqual([]);
    expect(mail.text).toContain('Fabrikam https: //evil.example/login');
    expect(mail.subject).toBe('Confirm your email address to join Fabrikam https: //evil.example/login');
  });

  it('keeps the subject on one line whatever the organization name holds', () => {
    expect(verificationMail(input({ organizationName: 'Fabrikam\r\nBcc: x@evil.example' })).subject).toBe(
      'Confirm your email address to join Fabrikam Bcc: x@evil.example',
    );
  });

  it('has no URL but the link, no image, no remote resource, no script and styles only inline', () => {
    const mail = verificationMail(input({ link: `${LINK}?a=1&b=2` }));
    expect(urlsIn(mail.text)).toEqual([`${LINK}?a=1&b=2`]);
    const inHtml = urlsIn(mail.html);
    expect(inHtml.length).toBeGreaterThanOrEqual(2);
    expect(inHtml.filter((url) => url !== `${LINK}?a=1&amp;b=2`)).toEqual([]);
    expect(urlsIn(verificationMail(input()).html).every((url) => url === LINK)).toBe(true);
    expect(mail.html).not.toMatch(/<(img|script|link|style|iframe|object|embed|form|video|audio|source)\b/i);
    expect(mail.html).not.toMatch(/url\(|@import/i);
  });

  it('refuses a link that is not one http(s) URL (a composer bug, never a mail with a broken link)', () => {
    expect(() => verificationMail(input({ link: 'javascript:alert(1)' }))).toThrow('the link must be one http(s) URL');
    expect(() => verificationMail(input({ link: `${LINK} https://evil.example` }))).toThrow('the link must be one http(s) URL');
  });

  it('greets without a name when there is none', () => {
    const mail = verificationMail(input({ firstName: '' }));
    expect(mail.text.startsWith('Hello,\n')).toBe(true);
    expect(mail.html).toContain('>Hello,</p>');
  });
});
