// The public surface of the quotes module: what other modules, flows and the composition root may use.
export type { QuotePayload } from './events';
export { quoteRoutes } from './routes';
export { createQuote } from './quote-service';
