// Joining printed PDFs into one, keeping what Chromium's tagged PDF carries:
// the pages, the structure tree (tags, for screen readers and PDF/UA), the
// bookmarks and the named destinations that links point at. pdf-lib's
// copyPages keeps only the pages. This lets a book be printed in parts
// (bounded memory, both cores) and still be one tagged PDF.

import { PDFArray, PDFDict, PDFName, PDFNumber, PDFObjectCopier, PDFPage, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';

const name = PDFName.of;

/**
 * Tell a copier that a source object is already in the target as `to`: what
 * points at it (a structure element's parent, a bookmark's parent) then
 * points at ours, and the source's own root objects are never copied.
 */
function mapTo(copier: PDFObjectCopier, from: PDFRef, to: PDFRef): void {
  (copier as unknown as { traversedObjects: Map<PDFObject, PDFObject> }).traversedObjects.set(from, to);
}

function lookupDict(doc: PDFDocument, value: PDFObject | undefined): PDFDict | undefined {
  const found = value instanceof PDFRef ? doc.context.lookup(value) : value;
  return found instanceof PDFDict ? found : undefined;
}

function lookupArray(doc: PDFDocument, value: PDFObject | undefined): PDFArray | undefined {
  const found = value instanceof PDFRef ? doc.context.lookup(value) : value;
  return found instanceof PDFArray ? found : undefined;
}

/** A number tree's pairs, leaves and kids alike (PDF 32000 §7.9.7). */
function numberTreePairs(doc: PDFDocument, node: PDFDict | undefined): [number, PDFObject][] {
  if (!node) return [];
  const pairs: [number, PDFObject][] = [];
  const nums = lookupArray(doc, node.get(name('Nums')));
  for (let i = 0; nums && i + 1 < nums.size(); i += 2) pairs.push([(nums.get(i) as PDFNumber).asNumber(), nums.get(i + 1)]);
  const kids = lookupArray(doc, node.get(name('Kids')));
  for (let i = 0; kids && i < kids.size(); i++) pairs.push(...numberTreePairs(doc, lookupDict(doc, kids.get(i))));
  return pairs;
}

/** The children of a structure element or root, as an array (K may be one object or an array). */
function kids(doc: PDFDocument, element: PDFDict): PDFArray {
  const k = element.get(name('K'));
  const array = lookupArray(doc, k);
  if (array) return array;
  const made = doc.context.obj([]);
  if (k) made.push(k);
  element.set(name('K'), made);
  return made;
}

/** The outline's top-level items, first to last. */
function outlineItems(doc: PDFDocument, outlines: PDFDict | undefined): PDFRef[] {
  const items: PDFRef[] = [];
  for (let ref = outlines?.get(name('First')); ref instanceof PDFRef; ref = lookupDict(doc, ref)?.get(name('Next'))) items.push(ref);
  return items;
}

/** Visible items under an outline node, as /Count counts them (open items' children included). */
function visibleCount(item: PDFDict): number {
  const count = item.get(name('Count'));
  return count instanceof PDFNumber && count.asNumber() > 0 ? count.asNumber() : 0;
}

/** The element id a destination's name stands for: Chromium names it by the id percent-encoded, pdf-lib decodes the name's #xx. */
const nameText = (key: PDFName) => decodeURIComponent(key.decodeText());

export interface JoinPart {
  pdf: PDFDocument;
  /** Named destinations that only stand in for another part's (a link's target printed elsewhere): not kept. */
  placeholders?: ReadonlySet<string> | undefined;
}

/**
 * The first part with every page of the others appended, in order, with their
 * structure trees (under the first's document element), bookmarks and named
 * destinations. Every part must be a Chromium print (one document element).
 * The first part's document is changed and returned.
 */
export function joinPdfs(parts: readonly JoinPart[]): PDFDocument {
  const [head, ...rest] = parts;
  if (!head) throw new Error('joinPdfs needs at least one PDF');
  const target = head.pdf;
  const headDests = lookupDict(target, target.catalog.get(name('Dests')));
  for (const [key] of headDests?.entries() ?? []) if (head.placeholders?.has(nameText(key))) headDests!.delete(key);
  const root = lookupDict(target, target.catalog.get(name('StructTreeRoot')));
  const document = root && lookupDict(target, kids(target, root).get(0));
  const documentRef = root && (kids(target, root).get(0) as PDFRef | undefined);
  for (const { pdf: source, placeholders } of rest) {
    const copier = PDFObjectCopier.for(source.context, target.context);
    // Pages first, by reference, so that whatever points at a page (tags, bookmarks, links) meets the copy.
    const offset = root ? ((root.get(name('ParentTreeNextKey')) as PDFNumber | undefined)?.asNumber() ?? 0) : 0;
    for (const page of source.getPages()) {
      const ref = copier.copy(page.ref) as PDFRef;
      const leaf = target.context.lookup(ref) as PDFPage['node'];
      target.addPage(PDFPage.of(leaf, ref, target));
      // Marked content of this page, and its links, are found in the parent tree under these keys.
      const structParents = leaf.get(name('StructParents'));
      if (structParents instanceof PDFNumber) leaf.set(name('StructParents'), PDFNumber.of(structParents.asNumber() + offset));
      const annots = lookupArray(target, leaf.get(name('Annots')));
      for (let i = 0; annots && i < annots.size(); i++) {
        const annot = lookupDict(target, annots.get(i));
        const parent = annot?.get(name('StructParent'));
        if (annot && parent instanceof PDFNumber) annot.set(name('StructParent'), PDFNumber.of(parent.asNumber() + offset));
      }
    }
    // The structure tree: the part's document element's children join ours; its parent tree, offset.
    const sourceRoot = lookupDict(source, source.catalog.get(name('StructTreeRoot')));
    if (root && document && documentRef && sourceRoot) {
      const sourceDocumentRef = kids(source, sourceRoot).get(0);
      const sourceDocument = lookupDict(source, sourceDocumentRef);
      if (sourceDocumentRef instanceof PDFRef) mapTo(copier, sourceDocumentRef, documentRef);
      const children = sourceDocument ? kids(source, sourceDocument) : undefined;
      for (let i = 0; children && i < children.size(); i++) kids(target, document).push(copier.copy(children.get(i)));
      // Ours and the part's, offset, as one flat leaf (a parent tree with kids is flattened, never skipped).
      const pairs = numberTreePairs(source, lookupDict(source, sourceRoot.get(name('ParentTree'))));
      let parentTree = lookupDict(target, root.get(name('ParentTree')));
      const joinedPairs = [
        ...numberTreePairs(target, parentTree),
        ...pairs.map(([key, value]): [number, PDFObject] => [key + offset, copier.copy(value)]),
      ].sort((a, b) => a[0] - b[0]);
      if (!parentTree) {
        parentTree = target.context.obj({});
        root.set(name('ParentTree'), target.context.register(parentTree));
      }
      parentTree.delete(name('Kids'));
      parentTree.delete(name('Limits'));
      parentTree.set(name('Nums'), target.context.obj(joinedPairs.flatMap(([key, value]) => [PDFNumber.of(key), value])));
      const next = (sourceRoot.get(name('ParentTreeNextKey')) as PDFNumber | undefined)?.asNumber() ?? Math.max(-1, ...pairs.map(([key]) => key)) + 1;
      root.set(name('ParentTreeNextKey'), PDFNumber.of(offset + next));
    }
    // Bookmarks: the part's top-level items follow ours.
    const sourceOutlinesRef = source.catalog.get(name('Outlines'));
    const sourceItems = outlineItems(source, lookupDict(source, sourceOutlinesRef));
    if (sourceItems.length) {
      let outlines = lookupDict(target, target.catalog.get(name('Outlines')));
      if (!outlines) {
        outlines = target.context.obj({ Type: 'Outlines', Count: 0 });
        target.catalog.set(name('Outlines'), target.context.register(outlines));
      }
      const outlinesRef = target.catalog.get(name('Outlines')) as PDFRef;
      if (sourceOutlinesRef instanceof PDFRef) mapTo(copier, sourceOutlinesRef, outlinesRef);
      const last = outlines.get(name('Last'));
      const items = sourceItems.map((ref) => copier.copy(ref) as PDFRef);
      items.forEach((ref, i) => {
        const item = lookupDict(target, ref)!;
        item.set(name('Parent'), outlinesRef);
        const previous = i === 0 ? last : items[i - 1];
        if (previous instanceof PDFRef) {
          item.set(name('Prev'), previous);
          lookupDict(target, previous)!.set(name('Next'), ref);
        } else item.delete(name('Prev'));
        if (i === items.length - 1) item.delete(name('Next'));
      });
      if (!(last instanceof PDFRef)) outlines.set(name('First'), items[0]!);
      outlines.set(name('Last'), items.at(-1)!);
      const count = (outlines.get(name('Count')) as PDFNumber | undefined)?.asNumber() ?? 0;
      outlines.set(name('Count'), PDFNumber.of(count + items.reduce((n, ref) => n + 1 + visibleCount(lookupDict(target, ref)!), 0)));
    }
    // Named destinations: links between parts resolve by name once the names are in one dictionary.
    const sourceDests = lookupDict(source, source.catalog.get(name('Dests')));
    if (sourceDests) {
      let dests = lookupDict(target, target.catalog.get(name('Dests')));
      if (!dests) {
        dests = target.context.obj({});
        target.catalog.set(name('Dests'), target.context.register(dests));
      }
      for (const [key, value] of sourceDests.entries()) if (!dests.get(key) && !placeholders?.has(nameText(key))) dests.set(key, copier.copy(value));
    }
  }
  return target;
}
