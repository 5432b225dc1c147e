import { QueryClient } from '@tanstack/react-query';
import { ApiError, NetworkError } from './client';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // The API's refusals are final; a request that got no answer is tried again.
      retry: (count, error) => (error instanceof NetworkError || !(error instanceof ApiError)) && count < 2,
    },
  },
});
