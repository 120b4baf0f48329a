// Pictures fit for each output (scripts/lib/pictures.ts, issue 16): the EPUB
// and the web edition get copies within the stores' limits, upright and sRGB;
// the PDF keeps the original; WebP becomes PNG or JPEG.

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { describeImage, IMAGE_LIMITS, screenSize } from '../scripts/lib/images.ts';
import { fitPictures, fromWebp, isWebp, screenCopy } from '../scripts/lib/pictures.ts';
import { budget } from './support/budget.ts';

/** A photograph-like picture: noise does not compress, as a real photo barely does. */
async function photo(width: number, height: number, options: { orientation?: number; cmyk?: boolean } = {}): Promise<Uint8Array> {
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0, seed = 7; i < noise.length; i++) noise[i] = seed = (seed * 1103515245 + 12345) & 0xff;
  let image = sharp(noise, { raw: { width, height, channels: 3 } });
  if (options.cmyk) image = image.toColorspace('cmyk');
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  return new Uint8Array(await image.jpeg({ quality: 95 }).toBuffer());
}

const ref = { src: 'figures/photo.jpg', file: 'manuscript/01.md', line: 3, column: 1 };
const described = (bytes: Uint8Array) => describeImage(ref, bytes);

describe('screenSize', () => {
  it('scales to at most the pixel limit, keeping the shape, and never enlarges', () => {
    const { width, height } = screenSize(3714, 2214);
    expect(width * height).toBeLessThanOrEqual(IMAGE_LIMITS.pixels);
    expect(width / height).toBeCloseTo(3714 / 2214, 2);
    expect(screenSize(800, 600)).toEqual({ width: 800, height: 600 });
  });
});

describe('screen copies', () => {
  it('makes a copy of a large photograph within 4 million pixels and 1.5 MB, the same on every run, and warns at its place', async () => {
    const bytes = await photo(2200, 1900);
    const { image, diagnostics } = described(bytes);
    expect(diagnostics.map((d) => d.ruleId)).toEqual(['images:too-many-pixels']);
    expect(diagnostics[0]!.message).toContain('the PDF prints every pixel');
    const [fitted] = await fitPictures([image!]);
    expect(fitted!.bytes).toBe(image!.bytes);
    const meta = await sharp(fitted!.screen!).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width! * meta.height!).toBeLessThanOrEqual(IMAGE_LIMITS.pixels);
    expect(fitted!.screen!.length).toBeLessThanOrEqual(IMAGE_LIMITS.bytes);
    expect(Buffer.from(await screenCopy(image!)).equals(Buffer.from(fitted!.screen!))).toBe(true);
  }, budget({ photo: 2 }));

  it('turns a picture upright by its EXIF orientation, in every output\'s size', async () => {
    const { image } = described(await photo(400, 300, { orientation: 6 }));
    expect([image!.width, image!.height]).toEqual([300, 400]);
    const [fitted] = await fitPictures([image!]);
    const meta = await sharp(fitted!.screen!).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([300, 400, 1]);
  });

  it('gives a CMYK photograph an sRGB copy for screens', async () => {
    const { image } = described(await photo(200, 100, { cmyk: true }));
    const [fitted] = await fitPictures([image!]);
    expect((await sharp(fitted!.screen!).metadata()).space).toBe('srgb');
  });

  it('leaves a picture within the limits as it is', async () => {
    const { image, diagnostics } = described(await photo(300, 200));
    expect(diagnostics).toEqual([]);
    expect((await fitPictures([image!]))[0]!.screen).toBeUndefined();
  });
});

describe('WebP', () => {
  it('becomes PNG when it has transparency, JPEG when it is a photograph', async () => {
    const transparent = new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).webp().toBuffer());
    expect(isWebp(transparent)).toBe(true);
    expect((await sharp(await fromWebp(transparent)).metadata()).format).toBe('png');
    const picture = new Uint8Array(await sharp(await photo(300, 200)).webp({ quality: 80 }).toBuffer());
    const converted = await fromWebp(picture);
    expect((await sharp(converted).metadata()).format).toBe('jpeg');
    expect(described(converted).image!.mediaType).toBe('image/jpeg');
  });
});
