/**
 * A minimal browser for end-to-end tests: a cookie jar, requests that never follow redirects (the test looks at
 * every Location), and a reader of the server's HTML forms (action, hidden fields, buttons, alert message).
 */

/** One answer, with its body already read. */
export interface Page {
  url: URL;
  status: number;
  headers: Headers;
  /** The Location header resolved against the request URL, for a redirect. */
  location: URL | undefined;
  body: string;
}

/** A form of a page: where it posts, and the values it would send as it stands. */
export interface HtmlForm {
  method: string;
  action: URL;
  /** Every named input with its current value (hidden fields, pre-filled text fields). */
  fields: Record<string, string>;
  /** The names of the hidden inputs. */
  hidden: string[];
  /** Submit buttons that carry a name: name and value. */
  buttons: { name: string; value: string }[];
}

interface StoredCookie {
  value: string;
  expiresAt: number | undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the character references the server's escaping produces (named, decimal and hex). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** The attributes of a start tag's inside (`name="x" required`), names lower-cased, values decoded. */
function attributesOf(inside: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of inside.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = match[1];
    if (name === undefined) continue;
    attributes[name.toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** The forms of an HTML page, in document order. */
export function formsOf(page: Pick<Page, 'body' | 'url'>): HtmlForm[] {
  const forms: HtmlForm[] = [];
  for (const match of page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const form = attributesOf(match[1] ?? '');
    const inside = match[2] ?? '';
    const fields: Record<string, string> = {};
    const hidden: string[] = [];
    const buttons: { name: string; value: string }[] = [];
    for (const input of inside.matchAll(/<input\b([^>]*)>/gi)) {
      const attributes = attributesOf(input[1] ?? '');
      const name = attributes.name;
      if (name === undefined) continue;
      const type = (attributes.type ?? 'text').toLowerCase();
      if (type === 'submit') {
        buttons.push({ name, value: attributes.value ?? '' });
        continue;
      }
      fields[name] = attributes.value ?? '';
      if (type === 'hidden') hidden.push(name);
    }
    for (const button of inside.matchAll(/<button\b([^>]*)>/gi)) {
      const attributes = attributesOf(button[1] ?? '');
      const type = (attributes.type ?? 'submit').toLowerCase();
      if (attributes.name !== undefined && type === 'submit')
        buttons.push({ name: attributes.name, value: attributes.value ?? '' });
    }
    forms.push({
      method: (form.method ?? 'get').toLowerCase(),
      action: new URL(form.action ?? '', page.url),
      fields,
      hidden,
      buttons,
    });
  }
  return forms;
}

/** The page's only form; fails when there is none or more than one. */
export function theForm(page: Pick<Page, 'body' | 'url' | 'status'>): HtmlForm {
  const forms = formsOf(page);
  const [form] = forms;
  if (form === undefined || forms.length > 1) {
    throw new Error(`expected one form, found ${forms.length} (status ${page.status}): ${page.body}`);
  }
  return form;
}

/** The text of the page's alert (`role="alert"`), if any. */
export function alertOf(page: Pick<Page, 'body'>): string | undefined {
  const match = /<(\w+)\b[^>]*\brole="alert"[^>]*>([\s\S]*?)<\/\1>/i.exec(page.body);
  return match?.[2] === undefined ? undefined : decodeEntities(match[2].replace(/<[^>]*>/g, ''));
}

/** The text of the page's first heading. */
export function headingOf(page: Pick<Page, 'body'>): string | undefined {
  const match = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(page.body);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1].replace(/<[^>]*>/g, ''));
}

/** A browser with its own cookies; one host (the server under test), so domains and paths are not tracked. */
export class UserAgent {
  private readonly jar = new Map<string, StoredCookie>();

  /** The live value of a cookie. */
  cookie(name: string): string | undefined {
    const stored = this.jar.get(name);
    if (stored === undefined) return undefined;
    if (stored.expiresAt !== undefined && stored.expiresAt <= Date.now()) {
      this.jar.delete(name);
      return undefined;
    }
    return stored.value;
  }

  cookieNames(): string[] {
    return [...this.jar.keys()].filter((name) => this.cookie(name) !== undefined);
  }

  /** Sets a cookie by hand, as a browser that kept an old one would send it. */
  set(name: string, value: string): void {
    this.jar.set(name, { value, expiresAt: undefined });
  }

  forget(name: string): void {
    this.jar.delete(name);
  }

  get(url: string | URL): Promise<Page> {
    return this.request(new URL(url), { method: 'GET' });
  }

  /** A form POST (application/x-www-form-urlencoded). */
  post(url: string | URL, fields: Record<string, string>): Promise<Page> {
    return this.request(new URL(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Submits a form with its current values, overridden or completed by `fields`. */
  submit(form: HtmlForm, fields: Record<string, string> = {}): Promise<Page> {
    const values = { ...form.fields, ...fields };
    if (form.method === 'post') return this.post(form.action, values);
    const url = new URL(form.action);
    for (const [name, value] of Object.entries(values)) url.searchParams.set(name, value);
    return this.get(url);
  }

  private async request(url: URL, init: RequestInit): Promise<Page> {
    const cookies = this.cookieNames().map((name) => `${name}=${this.cookie(name)}`);
    const headers = new Headers(init.headers);
    if (cookies.length > 0) headers.set('cookie', cookies.join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.store(line);
    const location = response.headers.get('location');
    return {
      url,
      status: response.status,
      headers: response.headers,
      location: location === null ? undefined : new URL(location, url),
      body: await response.text(),
    };
  }

  /** RFC 6265 §5.2, reduced to what one host needs: name, value, Expires, Max-Age. */
  private store(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const separator = pair.indexOf('=');
    if (separator <= 0) return;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    let expiresAt: number | undefined;
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const attributeValue = rest.join('=').trim();
      const lower = key.trim().toLowerCase();
      if (lower === 'max-age') expiresAt = Date.now() + Number(attributeValue) * 1000;
      else if (lower === 'expires' && expiresAt === undefined) expiresAt = Date.parse(attributeValue);
    }
    if (expiresAt !== undefined && expiresAt <= Date.now()) this.jar.delete(name);
    else this.jar.set(name, { value, expiresAt });
  }
}
