import { Skeleton } from './page-header';

/**
 * The shape of a detail page while it waits for Nxsys (used by the detail routes' loading.tsx). Only on
 * routes with no access check of their own to make: a loading boundary sends the 200 status before the page
 * runs, so a page that answers 403 (admin pages) must not have one.
 */
export function PageSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading" className="space-y-6">
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <div className="grid gap-4 lg:grid-cols-2">
        <Skeleton className="h-48" />
        <Skeleton className="h-48" />
      </div>
    </div>
  );
}
