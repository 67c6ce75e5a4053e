// A page of a list as the portal hands it on: where it sits in the list (PageMeta, written by
// lib/server/nxsys/normalise.ts) and, for a server page's first read, why it could not be read. Pure types, so the
// server (normalise, read-list-page) and the browser (the list footer) share one definition.

export interface PageMeta {
  page: number;
  size: number;
  /** Only when Nxsys said (`meta` or `totalDocs`); null when the list came without totals. */
  totalDocs: number | null;
  totalPages: number | null;
  /** Whether the next page may hold rows: from the totals when known, else "this page is full". */
  hasMore: boolean;
  /** A list the portal had to filter itself stopped at its upper bound: rows beyond it were not looked at. */
  partial?: boolean;
}

/** A failed read as the server page hands it to its list: the API's error body (`{ code, message }`). */
export interface ListError {
  code: string;
  message: string;
}

/** One page of a list as the server page read it: its rows and position, or why it could not be read. */
export type ListPage<Row> = { data: Row[]; meta: PageMeta; error?: undefined } | { data?: undefined; meta?: undefined; error: ListError };
