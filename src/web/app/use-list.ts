import { useInfiniteQuery } from '@tanstack/react-query';
import { api, qs, type Page } from './api';

/** A cursor-paginated list: items so far, and `loadMore` while the server has more. */
export function useList<T>(
  key: unknown[],
  path: string,
  params: Record<string, string | number | undefined | null>,
) {
  const query = useInfiniteQuery({
    queryKey: [...key, params],
    queryFn: ({ pageParam }) =>
      api.get<Page<T>>(`${path}${qs({ ...params, cursor: pageParam ?? undefined })}`),
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
