import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch } from '@/lib/api-client';
import { ApiError as ClientApiError } from '@/lib/errors/api-error';
import { ApiFailure } from '@/lib/errors/api-failure';
import { ApiError } from '@/lib/server/http/api-error';
import { ERRORS } from '@/lib/errors/catalogue';

afterEach(() => vi.unstubAllGlobals());

const answer = (status: number, body: unknown) =>
  vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status }));

describe('ApiError (server, from the catalogue) and its base ApiFailure (the browser, without it)', () => {
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

  it('a server ApiError is an ApiFailure too, so browser code that checks ApiFailure also knows it', () => {
    const error = new ApiError('forbidden', 'Only admins.', { role: 'Choose a role' });
    expect(error).toBeInstanceOf(ApiFailure);
    expect(error).toMatchObject({ code: 'forbidden', status: 403, message: 'Only admins.', fieldErrors: { role: 'Choose a role' } });
    expect(new ApiFailure('conflict', 'Changed meanwhile.', 409)).toMatchObject({ name: 'ApiError', code: 'conflict', status: 409 });
  });

  it("apiFetch turns our routes' error bodies, a lost connection and a bare failure into ApiErrors", async () => {
    vi.stubGlobal(
      'fetch',
      answer(400, {
        error: { code: 'validation_failed', message: 'Some fields need attention.', fieldErrors: { email: 'Enter an email' } },
      }),
    );
    const invalid = await apiFetch('/api/x').catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ApiFailure);
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
