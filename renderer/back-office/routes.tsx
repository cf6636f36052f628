import {
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  retainSearchParams,
} from '@tanstack/react-router';
import { z } from 'zod';
import { DashboardSearch, OrdersSearch } from './search-params';
import { DashboardPage } from './dashboard/dashboard-page';
import { OfficeLayout } from './layout/office-layout';
import { OrderPage } from './orders/order-page';
import { OrdersPage } from './orders/orders-page';
import { SignInPage } from './sign-in/sign-in-page';

/*
 * Every screen is a URL, its choices (store, range, filters, page) in the query string, so a
 * screen can be bookmarked, shared, reloaded and walked with the browser's back button. The
 * search of each route is checked by its schema: a hand-edited URL falls back to defaults.
 */

const rootRoute = createRootRoute({ component: Outlet });

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  // Where to go after signing in: a back-office path of this server, never another site.
  validateSearch: z.object({
    next: z
      .string()
      .regex(/^\/office\/(?!\/)/)
      .optional()
      .catch(undefined),
  }),
  component: SignInPage,
});

export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  validateSearch: z.object({ store: z.string().min(1).max(200).optional().catch(undefined) }),
  search: { middlewares: [retainSearchParams(['store'])] },
  component: OfficeLayout,
});

export const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  validateSearch: DashboardSearch,
  component: DashboardPage,
});

export const ordersRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders',
  validateSearch: OrdersSearch,
  component: OrdersPage,
});

export const orderRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/orders/$orderId',
  component: OrderPage,
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  appRoute.addChildren([dashboardRoute, ordersRoute, orderRoute]),
]);

export const router = createRouter({ routeTree, basepath: '/office' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
