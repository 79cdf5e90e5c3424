import type { Locator, Page } from 'playwright-core';

/**
 * Elements of the page that scroll or clip sideways: the document itself when it is wider than the
 * window, and any box with `overflow-x` other than visible whose content is wider than it (a table
 * scrolling inside its card). One readable line each, empty when everything fits.
 */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const found = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) found.push('the page: ' + doc.scrollWidth + ' px wide in ' + window.innerWidth);
    for (const el of document.body.querySelectorAll('*')) {
      if (getComputedStyle(el).overflowX === 'visible' || el.scrollWidth <= el.clientWidth + 1) continue;
      // Visually hidden text clips by design.
      if (el.clientWidth <= 1) continue;
      const what = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
      found.push(what + ': ' + el.scrollWidth + ' px of content in ' + el.clientWidth);
    }
    return found;
  })()`);
}

/** What the browser-side code of `renderedLines` touches (the test tsconfig has no DOM lib). */
interface LaidOutText {
  ownerDocument: {
    createRange(): {
      setStart(node: unknown, offset: number): void;
      setEnd(node: unknown, offset: number): void;
      getClientRects(): ArrayLike<{ top: number; height: number }>;
    };
    createTreeWalker(
      root: unknown,
      whatToShow: number,
    ): { nextNode(): { textContent: string | null } | null };
  };
}

/**
 * The text of an element as the browser laid it out: one string per line box, found from where
 * each character lands. Tells where a long name wrapped, whatever CSS or `<wbr>` made it wrap.
 */
export function renderedLines(locator: Locator): Promise<string[]> {
  return locator.evaluate((element) => {
    const el = element as unknown as LaidOutText;
    const SHOW_TEXT = 4;
    const range = el.ownerDocument.createRange();
    const walker = el.ownerDocument.createTreeWalker(el, SHOW_TEXT);
    const lines: string[] = [];
    let lineTop = -Infinity;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box) continue; // collapsed white space
        if (box.top > lineTop + box.height / 2) {
          lines.push('');
          lineTop = box.top;
        }
        lines[lines.length - 1] += text[i];
      }
    }
    return lines;
  });
}
