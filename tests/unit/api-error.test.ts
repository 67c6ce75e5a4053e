import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch } from '@/lib/api-client';
import { ApiError as ClientApiError } from '@/lib/errors/api-error';
import { ApiError } from '@/lib/server/http/api-error';
import { ERRORS } from '@/lib/errors/catalogue';

afterEach(() => vi.unstubAllGlobals());

const answer = (status: number, body: unknown) =>
  vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }));

describe('ApiError: one class for the server and the browser, reading the catalogue', () => {
  it('is the same class from both modules, with the catalogue defaults', () => {
    expect(ApiError).toBe(ClientApiError);
    const error = new ApiError('not_found');
    expect(error).toBeInstanceOf(ClientApiError);
    expect([error.status, error.message, error.code, error.name]).toEqual([404, 'No such record.', 'not_found', 'ApiError']);
    expect(new ApiError('nxsys_rejected', 'Nxsys said no', { email: 'Taken' })).toMatchObject({
      status: 422,
      message: 'Nxsys said no',
      fieldErrors: { email: 'Taken' },
    });
    for (const [code, { status, message }] of Object.entries(ERRORS)) {
      expect(new ApiError(code as keyof typeof ERRORS)).toMatchObject({ status, message });
    }
  });

  it('loaded alone (the browser) still knows the codes', async () => {
    vi.resetModules();
    const alone = await import('@/lib/errors/api-error');
    expect(new alone.ApiError('network_error')).toMatchObject({
      status: 0,
      message: 'Could not reach the portal. Check your connection and try again.',
    });
    expect(new alone.ApiError('forbidden', 'Only admins.', undefined, 403)).toMatchObject({ status: 403, message: 'Only admins.' });
  });

  it("apiFetch turns our routes' error bodies, a lost connection and a bare failure into ApiErrors", async () => {
    vi.stubGlobal(
      'fetch',
      answer(400, {
        error: { code: 'validation_failed', message: 'Some fields need attention.', fieldErrors: { email: 'Enter an email' } },
      }),
    );
    const invalid = await apiFetch('/api/x').catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ApiError);
    expect(invalid).toMatchObject({
      code: 'validation_failed',
      status: 400,
      message: 'Some fields need attention.',
      fieldErrors: { email: 'Enter an email' },
    });

    vi.stubGlobal('fetch', answer(502, '<html>Bad gateway</html>'));
    expect(await apiFetch('/api/x').catch((e: unknown) => e)).toMatchObject({
      code: 'http_error',
      status: 502,
      message: 'The request failed (502).',
    });

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    expect(await apiFetch('/api/x').catch((e: unknown) => e)).toMatchObject({
      code: 'network_error',
      status: 0,
      message: ERRORS.network_error.message,
    });

    vi.stubGlobal('fetch', answer(200, { data: 1 }));
    expect(await apiFetch('/api/x')).toEqual({ data: 1 });
  });
});
