import { invalid } from '../../platform/errors';
import { newPdfDocument } from '../../platform/documents/fonts';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Buffer, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/**
 * What a logo is, by its bytes: PNG or JPEG, and one the PDF writer can actually place (a truncated or
 * disguised file is refused here rather than breaking every purchase order later).
 */
export function checkLogo(bytes: Buffer): 'image/png' | 'image/jpeg' {
  const type = startsWith(bytes, PNG) ? 'image/png' : startsWith(bytes, JPEG) ? 'image/jpeg' : null;
  const refuse = (message: string) => invalid(message, [{ path: 'contentBase64', message }]);
  if (!type) throw refuse('The logo must be a PNG or JPEG image (its content is neither)');
  try {
    // PDFKit parses an image the way it will when it places it; its typings omit the method.
    const doc = newPdfDocument() as PDFKit.PDFDocument & {
      openImage(src: Buffer): { width: number; height: number };
    };
    const image = doc.openImage(bytes);
    if (!image.width || !image.height) throw new Error('no size');
  } catch {
    throw refuse('The logo image is damaged or in a form that cannot be printed');
  }
  return type;
}
