import '../zod-config';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OfficeApiError } from './api';
import { router } from './routes';
import '../styles.css';
import './office.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Refused requests (401, 403, 404) will be refused again; only failures retry.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof OfficeApiError && error.status < 500),
      refetchOnWindowFocus: true,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
