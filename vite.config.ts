import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const api = 'http://localhost:3000';
const web = (file: string) => fileURLToPath(new URL(`./src/web/${file}`, import.meta.url));

/**
 * In development, `/p/{slug}/…` gets the client portal's page (portal.html), as the API server's fallback does
 * in production; every other address gets the staff app's index.html.
 */
const portalPages: Plugin = {
  name: 'jobjacket-portal-pages',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url?.startsWith('/p/') && req.headers.accept?.includes('text/html')) req.url = '/portal.html';
      next();
    });
  },
};

/**
 * The two big libraries both pages use get chunks of their own: cached across deploys of the app, and no chunk
 * over Vite's 500 kB warning. Everything else is split automatically by which pages and routes use it, so the
 * portal loads no module only the staff app needs.
 */
const vendorGroups = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
];

export default defineConfig({
  root: 'src/web',
  plugins: [react(), portalPages],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: the staff app, and the client portal at /p/{slug} (its own bundle: a buyer never loads staff code).
      input: { index: web('index.html'), portal: web('portal.html') },
      output: { codeSplitting: { groups: vendorGroups } },
    },
  },
  server: { proxy: { '/api': api, '/health': api, '/ready': api } },
});
