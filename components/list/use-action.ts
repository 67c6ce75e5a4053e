'use client';

import { useCallback, useState } from 'react';
import { toast } from '@/components/ui/toast';

/**
 * A change made from a list (a row's button or select): calls our API, says what happened (`done`, or the error's
 * message in a toast), then reads the page again (`refresh`, from useRefresh) so the list shows what the server
 * now holds. `isPending` while the call runs (buttons are disabled meanwhile).
 */
export function useAction<Input, Result>(
  run: (input: Input) => Promise<Result>,
  done: (result: Result) => void,
  refresh: () => void,
  { refreshOnError = false }: { refreshOnError?: boolean } = {},
) {
  const [isPending, setPending] = useState(false);
  const mutate = useCallback(
    (input: Input) => {
      setPending(true);
      run(input).then(
        (result) => {
          setPending(false);
          done(result);
          refresh();
        },
        (error: unknown) => {
          setPending(false);
          toast.error(error instanceof Error ? error.message : 'Something went wrong.');
          if (refreshOnError) refresh();
        },
      );
    },
    [run, done, refresh, refreshOnError],
  );
  return { mutate, isPending };
}
