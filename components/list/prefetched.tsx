import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/**
 * Server side of a list page: reads the list's first page (under the very query key its client component uses,
 * components/list/list-query.ts) and hands it to react-query in the browser, so the rows are in the first HTML
 * and the browser asks for nothing until the person pages, sorts or filters. A failed read is not passed on: the
 * browser then asks again and shows the error as before.
 */
export async function Prefetched({ queryKey, load, children }: { queryKey: QueryKey; load: () => Promise<unknown>; children: ReactNode }) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  await queryClient.prefetchQuery({ queryKey, queryFn: load });
  return <HydrationBoundary state={dehydrate(queryClient)}>{children}</HydrationBoundary>;
}
