/**
 * Artwork: checks on what clients upload. Pictures (portal logos, product images) are checked by their content
 * and resized; a buyer's print-ready PDF is preflighted against the product's artwork rules on a worker thread.
 * No tables: the portals module stores the files and the reports.
 */
export { IMAGE_LIMITS, prepareImage, type ImagePurpose } from './image-upload';
export { finishedSizeOf, type FinishedSize } from './judge';
export { PREFLIGHT_LIMITS, preflightPdf } from './preflight';

/** The largest artwork PDF a buyer may upload. */
export const ARTWORK_MAX_BYTES = 50 * 1024 * 1024;
