import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth';
import { Shell } from './shell';
import { NotBuilt, domains } from './not-built';
import { SignInPage } from '../pages/sign-in';
import { InvitePage } from '../pages/invite';
import { PortalApp } from '../pages/portal/portal-app';
import { AccountListPage } from '../pages/accounts/account-list';
import { AccountPage } from '../pages/accounts/account-page';
import { ImportPage } from '../pages/accounts/import-page';
import { UsersPage } from '../pages/admin/users';
import { ApiTokensPage } from '../pages/admin/api-tokens';
import { AuditLogPage } from '../pages/admin/audit-log';
import { OutboxPage } from '../pages/admin/outbox';
import { DepartmentsPage } from '../pages/admin/departments';
import { MailTemplatesPage } from '../pages/admin/mail-templates';
import { JobListPage } from '../pages/jobs/job-list';
import { JobPage } from '../pages/jobs/job-page';
import { NewJobPage } from '../pages/jobs/new-job';
import { BoardPage } from '../pages/jobs/board';
import { MyDayPage } from '../pages/jobs/my-day';
import { PurchasingPage } from '../pages/purchasing/purchasing-page';
import { PurchaseOrderPage } from '../pages/purchasing/purchase-order-page';
import { MaterialPage } from '../pages/purchasing/material-page';
import { VendorPage } from '../pages/purchasing/vendor-page';
import { ShippingPage } from '../pages/shipping/shipping-page';
import { ReportsPage } from '../pages/reports/reports-page';
import { ReportPage } from '../pages/reports/report-page';
import { PortalListPage } from '../pages/portals/portal-list';
import { PortalPage } from '../pages/portals/portal-page';
import { InventoryPage } from '../pages/portals/inventory-page';
import { InventoryItemPage } from '../pages/portals/inventory-item-page';
import { OrdersInboxPage, OrderPage } from '../pages/portals/orders-page';
import { InboxPage } from '../pages/inbox/inbox-page';
import { EscalationBoardPage } from '../pages/escalations/escalation-board';
import { EscalationPage } from '../pages/escalations/escalation-page';
import { EscalationSettingsPage } from '../pages/escalations/escalation-settings';
import { MailingPage } from '../pages/mailing/mailing-page';
import { MailingListPage } from '../pages/mailing/list-page';

function SignedIn() {
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (!user) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return (
    <Shell>
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
        <Route path="/inventory" element={<InventoryPage />} />
        <Route path="/inventory/:id" element={<InventoryItemPage />} />
        <Route path="/orders" element={<OrdersInboxPage />} />
        <Route path="/orders/:id" element={<OrderPage />} />
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
        <Route path="/admin/departments" element={<DepartmentsPage />} />
        <Route path="/admin/mail-templates" element={<MailTemplatesPage />} />
        <Route path="/admin/escalations" element={<EscalationSettingsPage />} />
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
    </Shell>
  );
}

export function App() {
  return (
    <AuthProvider>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/invite/:token" element={<InvitePage />} />
        <Route path="/p/:slug/*" element={<PortalApp />} />
        <Route path="*" element={<SignedIn />} />
      </Routes>
    </AuthProvider>
  );
}
