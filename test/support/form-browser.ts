import type { Response } from 'supertest';
import { paths, type TestApp } from './test-app';

/** The HTML entities the pages escape, decoded. */
export const decodeHtml = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');

/** The hidden `_csrf` field of a page's form. */
export const csrfFieldOf = (html: string): string => {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`No CSRF field in:\n${html}`);
  return decodeHtml(match[1]);
};

/** The `<meta name="csrf-token">` the admin pages carry for their API calls. */
export const csrfMetaOf = (html: string): string => {
  const match = /<meta name="csrf-token" content="([^"]+)">/.exec(html);
  if (!match) throw new Error(`No csrf-token meta in:\n${html}`);
  return match[1];
};

/** The message shown next to a form field (its `<p id="<field>-error">`), '' when none. */
export const fieldErrorOf = (html: string, field: string): string => {
  const match = new RegExp(`<p class="field-error" id="${field}-error"( hidden)?>([^<]*)</p>`).exec(html);
  if (!match) throw new Error(`No error box for ${field}`);
  return decodeHtml(match[2]);
};

/** name → value (decoded) and the raw header of every Set-Cookie of a response. */
export const setCookiesOf = (response: Response): Record<string, { value: string; raw: string }> =>
  Object.fromEntries(
    ([] as string[]).concat(response.headers['set-cookie'] ?? []).map((raw) => {
      const [pair] = raw.split(';');
      const index = pair.indexOf('=');
      return [pair.slice(0, index), { value: decodeURIComponent(pair.slice(index + 1)), raw }];
    }),
  );

let browsers = 0;

/**
 * A browser without JavaScript, over supertest: it keeps its cookies (path ignored, expired ones
 * dropped), never follows redirects, and posts forms urlencoded. Each browser is its own client
 * address (the app trusts X-Forwarded-For from loopback), so per-IP rate limits count per browser.
 */
export class FormBrowser {
  readonly cookies: Record<string, string> = {};
  readonly ip: string;

  constructor(private readonly t: TestApp) {
    browsers += 1;
    this.ip = `10.${Math.floor(Math.random() * 250)}.${(browsers >> 8) & 255}.${browsers & 255}`;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(await this.withHeaders(this.t.anonymous().get(path), headers));
  }

  /** Posts an HTML form, urlencoded. */
  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(await this.withHeaders(this.t.anonymous().post(path).type('form'), headers).send(form));
  }

  /** Posts a form body that is already percent-encoded, byte for byte as given. */
  async postEncoded(path: string, body: string): Promise<Response> {
    return this.remember(await this.withHeaders(this.t.anonymous().post(path).type('form'), {}).send(body));
  }

  /** An API call as the admin pages' scripts make it: JSON body, the cookies, extra headers. */
  async send(method: 'put' | 'post', path: string, body: object | undefined, headers: Record<string, string> = {}): Promise<Response> {
    const test = this.withHeaders(this.t.anonymous()[method](path), headers);
    return this.remember(await (body === undefined ? test : test.send(body)));
  }

  /** Signs in through the API, which sets the session cookie. */
  async signIn(email: string, password: string): Promise<this> {
    const response = await this.send('post', paths.signIn(), { email, password });
    expect(response.status).toBe(200);
    expect(this.cookies.session).toBeDefined();
    return this;
  }

  /** Opens a page with a form and returns its CSRF field (the page's cookies are kept). */
  async csrfFieldOf(path: string): Promise<string> {
    const page = await this.get(path);
    expect(page.status).toBe(200);
    return csrfFieldOf(page.text);
  }

  private withHeaders<T extends ReturnType<ReturnType<TestApp['anonymous']>['get']>>(test: T, headers: Record<string, string>): T {
    test.redirects(0).set('X-Forwarded-For', this.ip);
    const cookie = Object.entries(this.cookies)
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
      .join('; ');
    if (cookie) test.set('Cookie', cookie);
    for (const [name, value] of Object.entries(headers)) test.set(name, value);
    return test;
  }

  private remember(response: Response): Response {
    for (const [name, { value, raw }] of Object.entries(setCookiesOf(response))) {
      if (/Expires=Thu, 01 Jan 1970/i.test(raw) || value === '') delete this.cookies[name];
      else this.cookies[name] = value;
    }
    return response;
  }
}

/** A browser's CSRF pair, as a form page hands it out: the `csrf` cookie and the token bound to it. */
export async function aCsrfPair(t: TestApp): Promise<{ cookie: string; token: string }> {
  const page = await t.anonymous().get('/sign-in');
  const cookie = ([] as string[])
    .concat(page.headers['set-cookie'] ?? [])
    .map((line) => line.split(';')[0])
    .find((pair) => pair.startsWith('csrf='));
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!cookie || !token) throw new Error('The sign-in page gave no CSRF cookie and token');
  return { cookie, token };
}
