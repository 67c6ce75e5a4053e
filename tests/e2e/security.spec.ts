// Security checks that need the real server (next.config headers, Node's HTTP layer) or a real browser.
// The rest of the security suite calls the handlers in-process: tests/security/.
import { expect, test } from '@playwright/test';
import { ADMIN, formAlert, signIn, signedIn, STAFF, goto } from './helpers';

test('F1: a sign-in link whose callbackUrl hides another host (tab, backslash, newline) lands on our own page', async ({
  page,
  baseURL,
}) => {
  await signIn(page, STAFF, '/sign-in?callbackUrl=%2F%09%2Fevil.example%2Fphish');
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  expect(new URL(page.url()).origin).toBe(baseURL);
  expect(new URL(page.url()).pathname).toBe('/');
});

test('F5: signed in, /sign-in?callbackUrl=/%0A/x redirects home instead of a 500', async ({ page, baseURL }) => {
  await signedIn(page, STAFF);
  for (const callbackUrl of ['%2F%0A%2Fx', '%2F%5C%2Fevil.example', '%2F%09%2Fevil.example']) {
    const response = await page.request.get(`/sign-in?callbackUrl=${callbackUrl}`, { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(new URL(response.headers()['location']!, baseURL).toString()).toBe(`${baseURL}/`);
  }
});

test('F6: the OAuth callback answers with Referrer-Policy: no-referrer; other answers keep the global policy', async ({ request }) => {
  const callback = await request.get('/api/nxsys/callback?code=c&state=s', { maxRedirects: 0 });
  expect(callback.status()).toBe(303);
  expect(callback.headers()['referrer-policy']).toBe('no-referrer');
  const signInPage = await request.get('/sign-in');
  expect(signInPage.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('F10: a signed-in request with a ~9 KB URL, or far too many cookies, gets a clear 4xx at once', async ({ page }) => {
  await signedIn(page, STAFF);
  // Refused by the proxy or the HTTP server before any page renders (the statuses say so); no wall-clock bound.
  const longUrl = await page.request.get(`/candidates?search=${'x'.repeat(9_000)}`, { maxRedirects: 0, timeout: 10_000 });
  expect(longUrl.status()).toBe(414);
  const longApi = await page.request.get(`/api/nxsys/candidates?search=${'x'.repeat(9_000)}`, { timeout: 10_000 });
  expect(longApi.status()).toBe(414);
  expect((await longApi.json()).error.code).toBe('uri_too_long');
  const cookies = await page.request.get('/candidates', { headers: { cookie: `junk=${'j'.repeat(14_000)}` }, timeout: 10_000 });
  expect([431, 400]).toContain(cookies.status());
});

test('issue 25: a broken %-escape in a route id is a clean 400 with the security headers, not a bare 500', async ({ request }) => {
  for (const path of ['/api/nxsys/candidates/SR-%ZZ', '/api/nxsys/%ZZ/x']) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect(response.headers()['x-content-type-options'], path).toBe('nosniff');
    expect(response.headers()['x-frame-options'], path).toBe('DENY');
    expect((await response.json()).error.code, path).toBe('malformed_url');
  }
  expect((await request.get('/api/nxsys/candidates/SR-12')).status()).toBe(401); // the ordinary path is untouched
});

test('already held: markup in names is shown as text in lists and the activity log, never run', async ({ page }) => {
  const payload = `<img src=x onerror="window.__xss=1">"><script>window.__xss=1</script> ${Date.now()}`;
  let dialogs = 0;
  page.on('dialog', (d) => (dialogs++, void d.dismiss()));
  await signedIn(page, ADMIN);
  const created = await page.request.post('/api/staff', {
    data: { name: payload, email: `xss-${Date.now()}@northwind.example`, role: 'STAFF', password: 'correct horse battery staple' },
  });
  expect(created.status()).toBe(201);
  await goto(page, '/staff');
  await expect(page.getByText(payload).first()).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await goto(page, '/activity');
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
  await expect(formAlert(page)).toHaveCount(0);
});
