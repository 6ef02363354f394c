import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, qs, type Page } from '../app/api';

export { api, qs, type Page };

/**
 * A request body as the server's schema accepts it (the schema's input side, before defaults and
 * trimming), so a body the route would refuse for its shape does not compile.
 */
export type Body<S extends z.ZodType> = z.input<S>;

/**
 * Query-string parameters of a list route, from its schema: every field optional, and null or '' meaning
 * "not set" (`qs` drops them). Coerced fields (`limit`) read `unknown` on the schema's input side; here they
 * take a number.
 */
export type Params<S extends z.ZodType> = {
  [K in keyof z.input<S>]?: (unknown extends z.input<S>[K] ? number : z.input<S>[K]) | null | '';
};

/** A list page's parameters without the cursor, which the list hook adds page by page. */
export type Filters<S extends z.ZodType> = Omit<Params<S>, 'cursor'>;

/**
 * A cursor-paginated list: the items so far, and `loadMore` while the server has more. `fetchPage` is one of
 * the domain modules' typed calls; the query key comes from that domain's key factory.
 */
export function useCursorList<T>(queryKey: QueryKey, fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  return {
    items: query.data?.pages.flatMap((p) => p.items) ?? [],
    loading: query.isLoading,
    error: query.error,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore: () => query.fetchNextPage(),
  };
}
