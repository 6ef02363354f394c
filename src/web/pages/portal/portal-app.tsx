import { Suspense, useEffect } from 'react';
import { Alert, Center, Loader, MantineThemeProvider, Paper, Stack, Text, Title } from '@mantine/core';
import { Navigate, Route, Routes, useLocation, useParams } from 'react-router';
import { ApiError } from '../../app/api';
import { useBranding, type Branding } from '../../data/portal';
import { useBrandVariables, usePortalTheme } from './brand';
import { PortalAuthProvider, usePortal } from './portal-auth';
import { lazyPage } from '../../app/lazy-page';
import { Loading } from '../../app/ui';
import { PortalShell } from './portal-shell';
import { PortalAcceptPage, PortalSignInPage } from './portal-sign-in';
import { PortalForgotPage, PortalResetPage } from './password-reset';

// Each screen is its own chunk, loaded when first shown; the sign-in page and the frame load with the portal.
const CatalogPage = lazyPage(() => import('./catalog'), 'CatalogPage');
const ProductPage = lazyPage(() => import('./product-page'), 'ProductPage');
const CartPage = lazyPage(() => import('./cart'), 'CartPage');
const CheckoutPage = lazyPage(() => import('./checkout'), 'CheckoutPage');
const MyOrdersPage = lazyPage(() => import('./my-orders'), 'MyOrdersPage');
const MyOrderPage = lazyPage(() => import('./my-orders'), 'MyOrderPage');
const ApprovalsPage = lazyPage(() => import('./approvals'), 'ApprovalsPage');
const ClientInventoryPage = lazyPage(() => import('./client-inventory'), 'ClientInventoryPage');
const BudgetsPage = lazyPage(() => import('./budgets'), 'BudgetsPage');
const ClientReportsPage = lazyPage(() => import('./client-reports'), 'ClientReportsPage');
const ProofsPage = lazyPage(() => import('./proofs'), 'ProofsPage');
const QuotesPage = lazyPage(() => import('./quotes'), 'QuotesPage');
const AccountPage = lazyPage(() => import('./account'), 'AccountPage');
const PortalWebhooksPage = lazyPage(() => import('./webhooks'), 'PortalWebhooksPage');

function SignedInPortal() {
  const { session, loading, to } = usePortal();
  const location = useLocation();
  if (loading) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (!session) return <Navigate to={to('/sign-in')} replace state={{ from: location.pathname }} />;
  return (
    <PortalShell>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<CatalogPage />} />
          <Route path="catalog/:productId" element={<ProductPage />} />
          <Route path="cart" element={<CartPage />} />
          <Route path="checkout" element={<CheckoutPage />} />
          <Route path="orders" element={<MyOrdersPage />} />
          <Route path="orders/:orderId" element={<MyOrderPage />} />
          <Route path="approvals" element={<ApprovalsPage />} />
          <Route path="inventory" element={<ClientInventoryPage />} />
          <Route path="budgets" element={<BudgetsPage />} />
          <Route path="reports" element={<ClientReportsPage />} />
          <Route path="proofs" element={<ProofsPage />} />
          <Route path="quotes" element={<QuotesPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="webhooks" element={<PortalWebhooksPage />} />
          <Route path="*" element={<Alert color="gray">There is nothing at this address.</Alert>} />
        </Routes>
      </Suspense>
    </PortalShell>
  );
}

function Branded({ branding, slug }: { branding: Branding; slug: string }) {
  const theme = usePortalTheme(branding.primaryColour);
  useBrandVariables(branding.primaryColour);
  useEffect(() => {
    const before = document.title;
    document.title = branding.name;
    return () => {
      document.title = before;
    };
  }, [branding.name]);
  return (
    <MantineThemeProvider theme={theme}>
      <PortalAuthProvider slug={slug}>
        <Routes>
          <Route path="sign-in" element={<PortalSignInPage branding={branding} />} />
          <Route path="invite/:token" element={<PortalAcceptPage branding={branding} />} />
          <Route path="forgot" element={<PortalForgotPage branding={branding} />} />
          <Route path="reset/:token" element={<PortalResetPage branding={branding} />} />
          <Route path="*" element={<SignedInPortal />} />
        </Routes>
      </PortalAuthProvider>
    </MantineThemeProvider>
  );
}

/** A client's branded ordering portal at `/p/{slug}`: its own sign-in, session and screens, no staff shell. */
export function PortalApp() {
  const { slug = '' } = useParams();
  const branding = useBranding(slug);
  if (branding.isLoading) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (!branding.data) {
    const missing = branding.error instanceof ApiError && branding.error.problem.status === 404;
    return (
      <Center h="100vh" bg="gray.0" p="md">
        <Paper withBorder p="xl" maw={420}>
          <Stack>
            <Title order={3}>{missing ? 'No such portal' : 'The portal cannot be shown'}</Title>
            <Text c="dimmed" size="sm">
              {missing
                ? 'Check the address you were given, or ask your print shop for the link to your ordering portal.'
                : branding.error instanceof Error
                  ? branding.error.message
                  : 'Try again in a moment.'}
            </Text>
          </Stack>
        </Paper>
      </Center>
    );
  }
  return <Branded branding={branding.data} slug={slug} />;
}
