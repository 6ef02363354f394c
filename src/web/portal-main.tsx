import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { newQueryClient, theme } from './app/providers';
import { PortalApp } from './pages/portal/portal-app';
import { PublicProofPage } from './pages/portal/public-proof';
import { PublicQuotePage } from './pages/portal/public-quote';

// A client's ordering portal, served for every `/p/{slug}/…` address (and a proof link's page, `/proof/{token}`): its own bundle, so a buyer never
// downloads the staff app. An address outside `/p/` finds no portal and says so.
createRoot(document.getElementById('root')!).render(
  <MantineProvider theme={theme}>
    <Notifications position="top-right" />
    <QueryClientProvider client={newQueryClient()}>
      <BrowserRouter>
        <Routes>
          <Route path="/p/:slug/*" element={<PortalApp />} />
          <Route path="/proof/:token" element={<PublicProofPage />} />
          <Route path="/quote/:token" element={<PublicQuotePage />} />
          <Route path="*" element={<PortalApp />} />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  </MantineProvider>,
);
