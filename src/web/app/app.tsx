import { Suspense } from 'react';
import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth';
import { lazyPage } from './lazy-page';
import { Shell } from './shell';
import { NotBuilt, domains } from './not-built';
import { Loading } from './ui';

// Every page is its own chunk, loaded when its route is first shown (the shell stays while it loads).
const SignInPage = lazyPage(() => import('../pages/sign-in'), 'SignInPage');
const InvitePage = lazyPage(() => import('../pages/invite'), 'InvitePage');
const AccountListPage = lazyPage(() => import('../pages/accounts/account-list'), 'AccountListPage');
const AccountPage = lazyPage(() => import('../pages/accounts/account-page'), 'AccountPage');
const ImportPage = lazyPage(() => import('../pages/accounts/import-page'), 'ImportPage');
const UsersPage = lazyPage(() => import('../pages/admin/users'), 'UsersPage');
const ApiTokensPage = lazyPage(() => import('../pages/admin/api-tokens'), 'ApiTokensPage');
const AuditLogPage = lazyPage(() => import('../pages/admin/audit-log'), 'AuditLogPage');
const OutboxPage = lazyPage(() => import('../pages/admin/outbox'), 'OutboxPage');
const WebhooksPage = lazyPage(() => import('../pages/webhooks/webhooks-page'), 'WebhooksPage');
const DepartmentsPage = lazyPage(() => import('../pages/admin/departments'), 'DepartmentsPage');
const MailTemplatesPage = lazyPage(() => import('../pages/admin/mail-templates'), 'MailTemplatesPage');
const ShopProfilePage = lazyPage(() => import('../pages/admin/shop-profile'), 'ShopProfilePage');
const JobListPage = lazyPage(() => import('../pages/jobs/job-list'), 'JobListPage');
const JobPage = lazyPage(() => import('../pages/jobs/job-page'), 'JobPage');
const NewJobPage = lazyPage(() => import('../pages/jobs/new-job'), 'NewJobPage');
const BoardPage = lazyPage(() => import('../pages/jobs/board'), 'BoardPage');
const MyDayPage = lazyPage(() => import('../pages/jobs/my-day'), 'MyDayPage');
const PurchasingPage = lazyPage(() => import('../pages/purchasing/purchasing-page'), 'PurchasingPage');
const PurchaseOrderPage = lazyPage(
  () => import('../pages/purchasing/purchase-order-page'),
  'PurchaseOrderPage',
);
const MaterialPage = lazyPage(() => import('../pages/purchasing/material-page'), 'MaterialPage');
const VendorPage = lazyPage(() => import('../pages/purchasing/vendor-page'), 'VendorPage');
const ShippingPage = lazyPage(() => import('../pages/shipping/shipping-page'), 'ShippingPage');
const ReportsPage = lazyPage(() => import('../pages/reports/reports-page'), 'ReportsPage');
const ReportPage = lazyPage(() => import('../pages/reports/report-page'), 'ReportPage');
const PortalListPage = lazyPage(() => import('../pages/portals/portal-list'), 'PortalListPage');
const PortalPage = lazyPage(() => import('../pages/portals/portal-page'), 'PortalPage');
const InventoryPage = lazyPage(() => import('../pages/portals/inventory-page'), 'InventoryPage');
const InventoryItemPage = lazyPage(() => import('../pages/portals/inventory-item-page'), 'InventoryItemPage');
const PickListPage = lazyPage(() => import('../pages/portals/pick-list-page'), 'PickListPage');
const TemplateEditorPage = lazyPage(
  () => import('../pages/portals/template-editor-page'),
  'TemplateEditorPage',
);
const OrdersInboxPage = lazyPage(() => import('../pages/portals/orders-page'), 'OrdersInboxPage');
const OrderPage = lazyPage(() => import('../pages/portals/orders-page'), 'OrderPage');
const InboxPage = lazyPage(() => import('../pages/inbox/inbox-page'), 'InboxPage');
const EscalationBoardPage = lazyPage(
  () => import('../pages/escalations/escalation-board'),
  'EscalationBoardPage',
);
const EscalationPage = lazyPage(() => import('../pages/escalations/escalation-page'), 'EscalationPage');
const EscalationSettingsPage = lazyPage(
  () => import('../pages/escalations/escalation-settings'),
  'EscalationSettingsPage',
);
const MailingPage = lazyPage(() => import('../pages/mailing/mailing-page'), 'MailingPage');
const MailingListPage = lazyPage(() => import('../pages/mailing/list-page'), 'MailingListPage');
const CostModelPage = lazyPage(() => import('../pages/estimating/cost-model-page'), 'CostModelPage');
const EstimatePage = lazyPage(() => import('../pages/estimating/estimate-page'), 'EstimatePage');
const QuoteListPage = lazyPage(() => import('../pages/quotes/quote-list'), 'QuoteListPage');
const QuotePage = lazyPage(() => import('../pages/quotes/quote-page'), 'QuotePage');
const NewQuotePage = lazyPage(() => import('../pages/quotes/quote-page'), 'NewQuotePage');
const EditQuotePage = lazyPage(() => import('../pages/quotes/quote-page'), 'EditQuotePage');
const BillingPage = lazyPage(() => import('../pages/billing/billing-page'), 'BillingPage');

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}

function SignedIn() {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <FullPageLoader />;
  if (!user) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route
            path="/"
            element={<Navigate to={user.role === 'production' ? '/boards' : '/my-day'} replace />}
          />
          <Route path="/my-day" element={<MyDayPage />} />
          <Route path="/accounts" element={<AccountListPage />} />
          <Route path="/accounts/import" element={<ImportPage />} />
          <Route path="/accounts/:id" element={<AccountPage />} />
          <Route path="/jobs" element={<JobListPage />} />
          <Route path="/jobs/new" element={<NewJobPage />} />
          <Route path="/jobs/:id" element={<JobPage />} />
          <Route path="/estimates" element={<EstimatePage />} />
          <Route path="/quotes" element={<QuoteListPage />} />
          <Route path="/quotes/new" element={<NewQuotePage />} />
          <Route path="/quotes/:id" element={<QuotePage />} />
          <Route path="/quotes/:id/edit" element={<EditQuotePage />} />
          <Route path="/billing" element={<BillingPage />} />
          <Route path="/boards" element={<BoardPage />} />
          <Route path="/boards/:departmentId" element={<BoardPage />} />
          <Route path="/purchasing" element={<PurchasingPage />} />
          <Route path="/purchasing/orders/:id" element={<PurchaseOrderPage />} />
          <Route path="/purchasing/materials/:id" element={<MaterialPage />} />
          <Route path="/purchasing/vendors/:id" element={<VendorPage />} />
          <Route path="/purchasing/:tab" element={<PurchasingPage />} />
          <Route path="/shipping" element={<ShippingPage />} />
          <Route path="/shipping/:view" element={<ShippingPage />} />
          <Route path="/reports" element={<ReportsPage />} />
          <Route path="/reports/:id" element={<ReportPage />} />
          <Route path="/portals" element={<PortalListPage />} />
          <Route path="/portals/:id" element={<PortalPage />} />
          <Route path="/portals/:id/:tab" element={<PortalPage />} />
          <Route path="/portals/:id/products/:productId/template" element={<TemplateEditorPage />} />
          <Route path="/inventory" element={<InventoryPage />} />
          <Route path="/inventory/:id" element={<InventoryItemPage />} />
          <Route path="/orders" element={<OrdersInboxPage />} />
          <Route path="/orders/:id" element={<OrderPage />} />
          <Route path="/pick-list" element={<PickListPage />} />
          <Route path="/mailing" element={<MailingPage />} />
          <Route path="/mailing/lists/:id" element={<MailingListPage />} />
          <Route path="/mailing/:tab" element={<MailingPage />} />
          <Route path="/inbox" element={<InboxPage />} />
          <Route path="/inbox/:id" element={<InboxPage />} />
          <Route path="/escalations" element={<EscalationBoardPage />} />
          <Route path="/escalations/:id" element={<EscalationPage />} />
          <Route path="/admin/users" element={<UsersPage />} />
          <Route path="/admin/api-tokens" element={<ApiTokensPage />} />
          <Route path="/admin/audit" element={<AuditLogPage />} />
          <Route path="/admin/outbox" element={<OutboxPage />} />
          <Route path="/admin/webhooks" element={<WebhooksPage />} />
          <Route path="/admin/webhooks/:id" element={<WebhooksPage />} />
          <Route path="/admin/departments" element={<DepartmentsPage />} />
          <Route path="/admin/mail-templates" element={<MailTemplatesPage />} />
          <Route path="/admin/shop-profile" element={<ShopProfilePage />} />
          <Route path="/admin/escalations" element={<EscalationSettingsPage />} />
          <Route path="/admin/estimating" element={<CostModelPage />} />
          {domains.map((d) => (
            <Route key={d.path} path={d.path} element={<NotBuilt domain={d} />} />
          ))}
          <Route
            path="*"
            element={
              <NotBuilt
                domain={{ path: '', label: 'Page not found', what: 'There is nothing at this address.' }}
              />
            }
          />
        </Routes>
      </Suspense>
    </Shell>
  );
}

export function App() {
  return (
    <AuthProvider>
      <Suspense fallback={<FullPageLoader />}>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/invite/:token" element={<InvitePage />} />
          <Route path="*" element={<SignedIn />} />
        </Routes>
      </Suspense>
    </AuthProvider>
  );
}
