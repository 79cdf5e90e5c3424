import { h, type VNode, type VNodeChild } from 'vue';
import { isSafeUrl } from '../../../../libs/dashboards/src/model';

/**
 * A small Markdown subset rendered straight to VNodes: headings, paragraphs, lists, code, emphasis
 * and links. Text only ever becomes text nodes, so HTML in the source is shown, never parsed, and
 * a link is kept only when its URL is relative or http(s). No HTML string, no `v-html`.
 */
export function renderMarkdown(source: string): VNode {
  const blocks: VNode[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
      i++;
      blocks.push(h('pre', h('code', code.join('\n'))));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push(h(`h${Math.min(6, heading[1].length + 2)}`, inline(heading[2])));
      i++;
      continue;
    }
    const listItem = /^\s*([-*+]|\d+[.)])\s+/;
    if (listItem.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: VNode[] = [];
      for (; i < lines.length && listItem.test(lines[i]); i++)
        items.push(h('li', inline(lines[i].replace(listItem, ''))));
      blocks.push(h(ordered ? 'ol' : 'ul', items));
      continue;
    }
    const para: string[] = [];
    for (
      ;
      i < lines.length && lines[i].trim() && !/^(#{1,6}\s|```)/.test(lines[i]) && !listItem.test(lines[i]);
      i++
    ) {
      para.push(lines[i].trim());
    }
    blocks.push(h('p', inline(para.join(' '))));
  }
  return h('div', blocks);
}

// `_` emphasis only at word boundaries (snake_case and __dunder__ stay text), as CommonMark.
const INLINE =
  /(`[^`]+`)|(\*\*[^*\s][^*]*\*\*)|(\*[^*\s][^*]*\*|(?<![\w])_[^_\s][^_]*_(?![\w]))|(\[[^\]]+\]\([^)\s]+\))/;

/** Inline spans: `code`, **strong**, *em*, [links](url); everything else is text. */
function inline(text: string): VNodeChild[] {
  const out: VNodeChild[] = [];
  let rest = text;
  for (;;) {
    const match = INLINE.exec(rest);
    if (!match) break;
    if (match.index > 0) out.push(rest.slice(0, match.index));
    const token = match[0];
    if (match[1]) out.push(h('code', token.slice(1, -1)));
    else if (match[2]) out.push(h('strong', inline(token.slice(2, -2))));
    else if (match[3]) out.push(h('em', inline(token.slice(1, -1))));
    else {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token)!;
      out.push(
        isSafeUrl(link[2])
          ? h('a', { href: link[2], rel: 'noopener noreferrer', target: '_blank' }, inline(link[1]))
          : link[1],
      );
    }
    rest = rest.slice(match.index + token.length);
  }
  if (rest) out.push(rest);
  return out;
}
