// The public surface of the quotes module: what other modules, flows and the composition root may use.
export type { QuotePayload } from './events';
export { quoteRoutes } from './routes';
export { createQuote, getQuote } from './quote-service';
export { accountQuoteRow, clientQuoteOf, listAccountQuotes } from './client-quotes';
export { decideQuote } from './decisions';
export { quotePdf } from './documents';
