// Pictures fit for each output (issue 16): a photograph straight from a
// camera is 12 million pixels and several megabytes, turned by an EXIF tag,
// sometimes in CMYK. The PDF prints every pixel as it is (≥ 300 ppi: images.ts
// printedImageSize). The EPUB and the web edition get a copy within what
// e-book stores accept (IMAGE_LIMITS: 4 million pixels, 1.5 MB), turned
// upright and in sRGB, in the same format, so it keeps its name in the book.
// WebP (not a core type of EPUB 3.2, which EPUBCheck 4 checks) becomes PNG or
// JPEG for every output. sharp (libvips) does the work; each copy is cached by
// its source's hash.

import sharp from 'sharp';
import { contentKey, type ContentCache } from './cache.ts';
import { IMAGE_LIMITS, screenSize, type BookImage } from './images.ts';

/** How a copy is made, for the cache's key. */
const RECIPE = JSON.stringify({ sharp: sharp.versions.sharp, vips: sharp.versions.vips, limits: IMAGE_LIMITS, jpeg: [85, 75, 65], png: 'palette' });

/** What a screen copy needs, in words for the warning (empty: the picture is fine as it is). */
export async function screenReasons(image: Pick<BookImage, 'bytes' | 'mediaType' | 'width' | 'height'>): Promise<string[]> {
  if (image.mediaType !== 'image/png' && image.mediaType !== 'image/jpeg') return [];
  const meta = await sharp(image.bytes).metadata();
  return [
    ...(image.width * image.height > IMAGE_LIMITS.pixels ? [`${image.width} × ${image.height} pixels (at most ${IMAGE_LIMITS.pixels / 1e6} million)`] : []),
    ...(image.bytes.length > IMAGE_LIMITS.bytes ? [`${(image.bytes.length / 2 ** 20).toFixed(1)} MB (at most ${IMAGE_LIMITS.bytes / 2 ** 20} MB)`] : []),
    ...((meta.orientation ?? 1) > 1 ? ['turned by its EXIF orientation'] : []),
    ...(meta.space === 'cmyk' ? ['in CMYK'] : []),
  ];
}

/**
 * The picture as the EPUB and the web edition carry it: upright, sRGB, within
 * the pixel limit, and under the byte limit if a lower JPEG quality or a PNG
 * palette gets it there. Deterministic (libvips uses no clock; metadata is
 * dropped).
 */
export async function screenCopy(image: Pick<BookImage, 'bytes' | 'mediaType' | 'width' | 'height'>, cache?: ContentCache): Promise<Uint8Array> {
  const key = contentKey([RECIPE, image.bytes]);
  const kept = await cache?.get<Record<string, never>>(key);
  if (kept?.bytes) return kept.bytes;
  const size = screenSize(image.width, image.height);
  const base = () => sharp(image.bytes).rotate().toColorspace('srgb').resize({ width: size.width, height: size.height, fit: 'fill' });
  let bytes: Uint8Array = new Uint8Array();
  if (image.mediaType === 'image/jpeg') {
    for (const quality of [85, 75, 65]) {
      bytes = new Uint8Array(await base().jpeg({ quality, mozjpeg: true }).toBuffer());
      if (bytes.length <= IMAGE_LIMITS.bytes) break;
    }
  } else {
    bytes = new Uint8Array(await base().png({ compressionLevel: 9 }).toBuffer());
    if (bytes.length > IMAGE_LIMITS.bytes) bytes = new Uint8Array(await base().png({ palette: true, compressionLevel: 9 }).toBuffer());
  }
  await cache?.set(key, { bytes, facts: {} });
  return bytes;
}

/** Whether the bytes are a WebP file (RIFF….WEBP). */
export const isWebp = (bytes: Uint8Array) => bytes.length > 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP';

/**
 * A WebP as PNG or JPEG, for every output: PNG if it has transparency, or if
 * PNG costs little more than JPEG (a drawing, which JPEG would smear); else JPEG.
 */
export async function fromWebp(bytes: Uint8Array): Promise<Uint8Array> {
  const meta = await sharp(bytes).metadata();
  const png = new Uint8Array(await sharp(bytes).rotate().png({ compressionLevel: 9 }).toBuffer());
  if (meta.hasAlpha) return png;
  const jpeg = new Uint8Array(await sharp(bytes).rotate().jpeg({ quality: 90, mozjpeg: true }).toBuffer());
  return png.length <= jpeg.length * 1.5 ? png : jpeg;
}

/** The book's pictures, each that needs one with its screen copy (`screen`) for the EPUB and the web edition. */
export async function fitPictures(images: readonly BookImage[], cache?: ContentCache): Promise<BookImage[]> {
  return Promise.all(images.map(async (image) => ((await screenReasons(image)).length ? { ...image, screen: await screenCopy(image, cache) } : image)));
}
