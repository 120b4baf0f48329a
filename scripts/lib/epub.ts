// The package stage for e-readers: Book → EPUB 3 bytes through epub-gen-memory,
// customised, not forked (spec/epub-pdf.md A.4/A.7): our own OPF, NCX, nav and
// chapter templates, and a subclass that keeps our XHTML as written (the stock
// sanitiser turns every CJK character into `&#x…;`) and stamps every zip entry
// with the source date, so the same input gives the same bytes.

import { EPub, type Options } from 'epub-gen-memory';
import { visit } from 'unist-util-visit';
import type { Book } from './book.ts';
import { stylesheet, template, toXhtmlFragment } from './html.ts';
import { labelsFor } from './labels.ts';
import type { Templates } from './load.ts';
import { GENERATOR } from './version.ts';

/** `CCYY-MM-DDThh:mm:ssZ`, the only form dcterms:modified allows. */
export function epubDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface BookChapter {
  title: string;
  content: string;
  filename: string;
  chapterId: string;
  sections: { id: string; title: string }[];
}

class DeterministicEpub extends EPub {
  readonly #xhtml: string[];
  readonly #date: Date;

  constructor(options: Options, chapters: BookChapter[], date: Date) {
    // The stock sanitiser sees empty bodies; ours are set back below.
    super(options, chapters.map((c) => ({ ...c, content: '' })));
    this.#xhtml = chapters.map((c) => c.content);
    this.#date = date;
    this.content.forEach((chapter, i) => {
      chapter.content = this.#xhtml[i]!;
    });
  }

  async toBytes(): Promise<Buffer> {
    await this.render();
    for (const entry of Object.values(this.zip.files)) entry.date = this.#date;
    return this.generateAsync({
      type: 'nodebuffer',
      mimeType: 'application/epub+zip',
      compression: 'DEFLATE',
      compressionOptions: { level: 9 },
    });
  }
}

/** schema:accessibilityFeature values that describe this book's content (spec C11). */
export function accessibilityFeatures(book: Book): string[] {
  const hasRuby = book.chapters.some((c) => {
    let found = false;
    visit(c.tree, 'element', (node) => {
      found ||= node.tagName === 'ruby';
    });
    return found;
  });
  return [
    'structuralNavigation',
    'tableOfContents',
    'readingOrder',
    book.config.layout.writingMode === 'vertical' ? 'verticalWriting' : 'horizontalWriting',
    ...(hasRuby ? ['rubyAnnotations'] : []),
  ];
}

export async function toEpub(book: Book, templates: Templates): Promise<Buffer> {
  const { config } = book;
  const labels = labelsFor(config.language);
  const chapters: BookChapter[] = book.chapters.map((c) => ({
    title: c.title,
    content: toXhtmlFragment(c.tree),
    filename: `${c.id}.xhtml`,
    chapterId: c.id,
    sections: c.sections,
  }));
  // Keys beyond epub-gen-memory's own pass through to our templates (read there as `locals.*`).
  const options = {
    title: config.title,
    author: config.author,
    lang: config.language,
    tocTitle: labels.toc,
    css: stylesheet(templates, book, 'epub'),
    prependChapterTitles: false,
    numberChaptersInTOC: false,
    date: (config.date ? new Date(`${config.date}T00:00:00Z`) : book.modified).toISOString(),
    contentOPF: template(templates, 'epub/content.opf.ejs'),
    tocNCX: template(templates, 'epub/toc.ncx.ejs'),
    tocXHTML: template(templates, 'epub/toc.xhtml.ejs'),
    chapterXHTML: template(templates, 'epub/chapter.xhtml.ejs'),
    verbose: false,
    bookIdentifier: book.identifier,
    modified: epubDate(book.modified),
    pubDate: config.date,
    subtitle: config.subtitle,
    publisherName: config.publisher,
    bookDescription: config.description,
    subjects: config.subjects,
    rights: config.rights,
    source: config.source,
    writingMode: config.layout.writingMode,
    landmarksTitle: labels.landmarks,
    accessibilitySummary: labels.accessibilitySummary,
    accessibilityFeatures: accessibilityFeatures(book),
    generator: GENERATOR,
    // epub-gen-memory names the file cover.<ext> and takes its type from that name.
    ...(book.cover ? { cover: new File([new Uint8Array(book.cover.bytes)], `cover.${book.cover.extension}`, { type: book.cover.mediaType }) } : {}),
  } as Options;
  return new DeterministicEpub(options, chapters, book.modified).toBytes();
}
