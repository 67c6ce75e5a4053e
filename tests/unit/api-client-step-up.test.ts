// The browser's half of step-up: an action refused with step_up_required opens the page's prompt (with what to ask
// for) and is sent once more after it passed; cancelled, or with no prompt on the page, the refusal stands.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiDownload, apiFetch, setStepUpPrompt } from '@/lib/api-client';

afterEach(() => {
  vi.unstubAllGlobals();
  setStepUpPrompt(null);
});

const refused = (details: Record<string, unknown>) =>
  new Response(JSON.stringify({ error: { code: 'step_up_required', message: 'Confirm it is you to continue.', details } }), {
    status: 403,
  });

describe('apiFetch and apiDownload with a step-up', () => {
  it('ask the prompt, then send the action again once it passed', async () => {
    const fetch = vi
      .fn()
      .mockResolvedValueOnce(refused({ ask: 'code', passkey: true }))
      .mockResolvedValueOnce(new Response(JSON.stringify({ data: 1 }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const prompt = vi.fn(async () => true);
    setStepUpPrompt(prompt);
    expect(await apiFetch('/api/staff', { method: 'POST', json: { name: 'x' } })).toEqual({ data: 1 });
    expect(prompt).toHaveBeenCalledWith('code', true);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[1]).toEqual(fetch.mock.calls[0]);

    fetch
      .mockResolvedValueOnce(refused({ ask: 'password', passkey: false }))
      .mockResolvedValueOnce(new Response('a,b\n', { status: 200, headers: { 'Content-Disposition': 'attachment; filename="c.csv"' } }));
    expect((await apiDownload('/api/candidates/export')).filename).toBe('c.csv');
    expect(prompt).toHaveBeenLastCalledWith('password', false);
  });

  it('keep the refusal when the prompt is cancelled or the page has none, and send nothing more', async () => {
    const fetch = vi.fn(async () => refused({ ask: 'code', passkey: false }));
    vi.stubGlobal('fetch', fetch);
    expect(await apiFetch('/api/staff').catch((e: unknown) => e)).toMatchObject({ code: 'step_up_required', status: 403 });
    expect(fetch).toHaveBeenCalledTimes(1);
    setStepUpPrompt(async () => false);
    expect(await apiFetch('/api/staff').catch((e: unknown) => e)).toMatchObject({ code: 'step_up_required' });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
