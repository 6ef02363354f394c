import sharp from 'sharp';
import { AppError, invalid } from '../../platform/errors';

/** Bounds on an uploaded picture: its bytes, and its pixels before decoding (a small file can be a huge image). */
export const IMAGE_LIMITS = { bytes: 10 * 1024 * 1024, pixels: 40_000_000 };

/** What an uploaded picture becomes: a logo keeps its transparency as PNG, a product photo is WebP. */
export const IMAGE_SIZES = {
  logo: { width: 800, height: 300, format: 'png' },
  product_image: { width: 1200, height: 1200, format: 'webp' },
} as const;
export type ImagePurpose = keyof typeof IMAGE_SIZES;

/** The kind of picture by its first bytes (what it claims to be does not count): PNG, JPEG or WebP. */
export function imageKind(bytes: Buffer): 'png' | 'jpeg' | 'webp' | null {
  if (
    bytes.length >= 8 &&
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'webp';
  return null;
}

/**
 * Checks an uploaded logo or product image by its content and makes the stored copy: PNG, JPEG or WebP by its
 * bytes, no more than IMAGE_LIMITS pixels (read from the header before anything is decoded), decoded in full
 * (a truncated or corrupt file is refused), turned upright, stripped of metadata and fitted inside the
 * purpose's size. sharp works on libuv's thread pool, so the event loop is not held up.
 */
export async function prepareImage(bytes: Buffer, purpose: ImagePurpose) {
  if (bytes.length > IMAGE_LIMITS.bytes)
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The image is larger than ${IMAGE_LIMITS.bytes / 1024 / 1024} MB`,
    );
  const kind = imageKind(bytes);
  if (!kind) throw invalid('The file must be a PNG, JPEG or WebP image (its content is none of these)');
  const options = { limitInputPixels: IMAGE_LIMITS.pixels, failOn: 'error' as const, sequentialRead: true };
  let meta: sharp.Metadata;
  try {
    // The header only: sharp's pixel limit would refuse a bomb here without saying its size.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw invalid(`The ${kind.toUpperCase()} image is damaged and cannot be read`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (!pixels) throw invalid('The image has no size');
  if (pixels > IMAGE_LIMITS.pixels) {
    throw invalid(
      `The image is ${meta.width} × ${meta.height} pixels; at most ${(IMAGE_LIMITS.pixels / 1e6).toFixed(0)} megapixels are accepted`,
    );
  }
  const size = IMAGE_SIZES[purpose];
  try {
    const pipeline = sharp(bytes, options)
      .rotate()
      .resize({ width: size.width, height: size.height, fit: 'inside', withoutEnlargement: true });
    const { data, info } = await (
      size.format === 'png' ? pipeline.png({ compressionLevel: 9 }) : pipeline.webp({ quality: 82 })
    ).toBuffer({ resolveWithObject: true });
    return {
      bytes: data,
      contentType: size.format === 'png' ? 'image/png' : 'image/webp',
      width: info.width,
      height: info.height,
    };
  } catch {
    throw invalid(`The ${kind.toUpperCase()} image is damaged and cannot be read`);
  }
}
