// What a Taiwanese copyright page (版權頁) lists, from book.yaml: shared by
// the EPUB's copyright page and the printed book's. Pure.

import type { Book } from './book.ts';
import type { Labels } from './labels.ts';
import { GENERATOR } from './version.ts';

/** [field name, value] pairs in the page's order, empty fields left out. */
export function imprintRows(book: Book, labels: Labels): [string, string][] {
  const { config } = book;
  const { imprint } = labels;
  const rows: [string, string | undefined][] = [
    [imprint.title, config.subtitle ? `${config.title}：${config.subtitle}` : config.title],
    [imprint.author, config.author.join('、') || undefined],
    [imprint.publisher, config.publisher],
    [imprint.date, config.date && labels.date(config.date)],
    [imprint.source, config.source],
    [imprint.identifier, book.identifier.replace(/^urn:isbn:/, 'ISBN ')],
    [imprint.rights, config.rights],
    [imprint.producer, GENERATOR],
  ];
  return rows.filter((row): row is [string, string] => Boolean(row[1]));
}
