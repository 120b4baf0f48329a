// The book as every output sees it: metadata with defaults filled in one place,
// and the chapters parsed from Markdown. Pure.

import GithubSlugger from 'github-slugger';
import { v5 as uuidv5 } from 'uuid';
import type { BookConfig } from './config.ts';
import { BuildError, hasErrors, type Diagnostic } from './diagnostics.ts';
import type { BookImage } from './images.ts';
import type { CoverImage, Manuscript } from './load.ts';
import { labelsFor } from './labels.ts';
import { parseChapter, type Chapter } from './markdown.ts';

export interface Book {
  config: BookConfig;
  slug: string;
  /** `urn:isbn:…`, the book.yaml URN, or a UUID derived from title and authors. */
  identifier: string;
  /** From SOURCE_DATE_EPOCH (or the manuscript's last commit): never the build clock. */
  modified: Date;
  chapters: Chapter[];
  cover?: CoverImage;
  /** The images the chapters show, each once (see images.ts). */
  images: BookImage[];
}

/** Fixed namespace for paiban's name-based (v5) book identifiers. */
const PAIBAN_NAMESPACE = '5b0f6f8e-3c5a-5d0e-9f57-7061692d6261';

/** A stable identifier: the same title and authors give the same UUID on every machine. */
export function bookIdentifier(config: BookConfig): string {
  return config.identifier ?? `urn:uuid:${uuidv5([config.title, ...config.author].join('\n'), PAIBAN_NAMESPACE)}`;
}

/** Manuscript → Book; throws a BuildError with every chapter's errors at once. */
export function parseBook(manuscript: Manuscript): { book: Book; warnings: Diagnostic[] } {
  const slugger = new GithubSlugger();
  const labels = labelsFor(manuscript.config.language);
  const diagnostics: Diagnostic[] = [...manuscript.warnings];
  const chapters: Chapter[] = [];
  for (const [index, { file, source }] of manuscript.chapters.entries()) {
    const result = parseChapter(source, { index, file, slugger, labels, writingMode: manuscript.config.layout.writingMode });
    diagnostics.push(...result.diagnostics);
    if (result.chapter) chapters.push(result.chapter);
  }
  if (hasErrors(diagnostics)) throw new BuildError(diagnostics);
  return {
    book: {
      config: manuscript.config,
      slug: manuscript.slug,
      identifier: bookIdentifier(manuscript.config),
      modified: manuscript.modified,
      chapters,
      ...(manuscript.cover ? { cover: manuscript.cover } : {}),
      images: [],
    },
    warnings: diagnostics,
  };
}
