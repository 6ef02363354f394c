import { createTheme } from '@mantine/core';
import { QueryClient } from '@tanstack/react-query';

/** The staff app's theme; a client portal replaces the primary colour with its own (pages/portal/brand.ts). */
export const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'sm' });

/** One query client per page load, with the same defaults in the staff app and the client portal. */
export const newQueryClient = () =>
  new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 } },
  });
