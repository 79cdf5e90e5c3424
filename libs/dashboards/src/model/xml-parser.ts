import { type DashboardNode, DashboardParseError } from './dashboard-node';

/**
 * A strict parser for the small XML subset dashboards are written in: elements, attributes, text,
 * comments and CDATA. It refuses what could smuggle behaviour or blow up memory (DOCTYPE and entity
 * declarations, processing instructions, `on*` attributes, `javascript:` URLs) and enforces size and
 * depth limits. Written by hand because general parsers do not report where each element starts.
 */
export interface ParseLimits {
  /** UTF-16 code units (about bytes for dashboards); default 256 KiB. */
  maxLength: number;
  /** Nesting of elements; Dashboard > Row > Widget is 3. */
  maxDepth: number;
  /** Elements in the file. */
  maxElements: number;
}

export const DEFAULT_LIMITS: ParseLimits = { maxLength: 256 * 1024, maxDepth: 16, maxElements: 5000 };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** Schemes that run code when a browser follows them. */
const SCRIPT_URL = /^(?:javascript|vbscript|livescript):/i;

export function parseDashboardXml(xml: string, limits: ParseLimits = DEFAULT_LIMITS): DashboardNode {
  return new Parser(xml, limits).parseDocument();
}

/** True when a value would run script if used as a URL (whitespace and control characters are ignored, as browsers do). */
export function isScriptUrl(value: string): boolean {
  return SCRIPT_URL.test(value.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''));
}

class Parser {
  private pos = 0;
  private elements = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly src: string,
    private readonly limits: ParseLimits,
  ) {
    if (src.length > limits.maxLength) {
      throw new DashboardParseError(`Dashboard is larger than ${limits.maxLength} characters`, 1, 1);
    }
    for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  parseDocument(): DashboardNode {
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (this.src.startsWith('<?xml', this.pos) && /\s/.test(this.src.charAt(this.pos + 5))) {
      const end = this.src.indexOf('?>', this.pos);
      if (end < 0) this.fail('Unterminated XML declaration');
      this.pos = end + 2;
    }
    this.skipMisc();
    if (this.pos >= this.src.length) this.fail('The file has no root element (expected <Dashboard>)');
    if (this.src.charAt(this.pos) !== '<') this.fail('Text outside the root element');
    const root = this.parseElement(1);
    this.skipMisc();
    if (this.pos < this.src.length) {
      this.fail(
        this.src.charAt(this.pos) === '<'
          ? 'Only one root element is allowed'
          : 'Text after the root element',
      );
    }
    return root;
  }

  /** Whitespace, comments; refuses DOCTYPE and processing instructions where they would appear. */
  private skipMisc(): void {
    for (;;) {
      while (this.pos < this.src.length && /\s/.test(this.src.charAt(this.pos))) this.pos++;
      if (this.src.startsWith('<!--', this.pos)) this.skipComment();
      else if (this.startsWithCi('<!DOCTYPE')) this.fail('DOCTYPE declarations are not allowed');
      else if (this.src.startsWith('<?', this.pos)) this.fail('Processing instructions are not allowed');
      else return;
    }
  }

  private parseElement(depth: number): DashboardNode {
    if (depth > this.limits.maxDepth)
      this.fail(`Elements are nested deeper than ${this.limits.maxDepth} levels`);
    if (++this.elements > this.limits.maxElements) this.fail(`More than ${this.limits.maxElements} elements`);
    const start = this.pos;
    const { line, column } = this.position(start);
    this.pos++; // '<'
    const type = this.readName('element name');
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    for (;;) {
      const hadSpace = this.skipSpace();
      const c = this.src.charAt(this.pos);
      if (c === '/') {
        if (this.src.charAt(this.pos + 1) !== '>') this.fail("Expected '>' after '/'");
        this.pos += 2;
        return { type, attrs: { ...attrs }, children: [], line, column };
      }
      if (c === '>') {
        this.pos++;
        break;
      }
      if (this.pos >= this.src.length) this.fail(`Unterminated start tag <${type}>`, start);
      if (!hadSpace) this.fail('Expected whitespace between attributes');
      this.parseAttribute(attrs);
    }
    const children: DashboardNode[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`<${type}> is never closed`, start);
      if (this.src.startsWith('</', this.pos)) {
        const closeAt = this.pos;
        this.pos += 2;
        const closing = this.readName('closing tag name');
        this.skipSpace();
        if (this.src.charAt(this.pos) !== '>') this.fail("Expected '>' to end the closing tag");
        this.pos++;
        if (closing !== type) {
          this.fail(
            `</${closing}> does not close <${type}> (opened at line ${line}, column ${column})`,
            closeAt,
          );
        }
        break;
      }
      if (this.src.startsWith('<!--', this.pos)) this.skipComment();
      else if (this.src.startsWith('<![CDATA[', this.pos)) text += this.readCdata();
      else if (this.src.startsWith('<!', this.pos)) {
        this.fail(
          this.startsWithCi('<!DOCTYPE')
            ? 'DOCTYPE declarations are not allowed'
            : 'Declarations (<!ENTITY ...>) are not allowed',
        );
      } else if (this.src.startsWith('<?', this.pos)) this.fail('Processing instructions are not allowed');
      else if (this.src.charAt(this.pos) === '<') children.push(this.parseElement(depth + 1));
      else text += this.readText();
    }
    const node: DashboardNode = { type, attrs: { ...attrs }, children, line, column };
    const cleaned = dedent(text);
    if (cleaned) node.text = cleaned;
    return node;
  }

  private parseAttribute(attrs: Record<string, string>): void {
    const at = this.pos;
    const name = this.readName('attribute name');
    this.skipSpace();
    if (this.src.charAt(this.pos) !== '=') this.fail(`Attribute '${name}' needs a value (name="value")`, at);
    this.pos++;
    this.skipSpace();
    const quote = this.src.charAt(this.pos);
    if (quote !== '"' && quote !== "'") this.fail(`The value of '${name}' must be quoted`);
    this.pos++;
    const valueStart = this.pos;
    const end = this.src.indexOf(quote, this.pos);
    if (end < 0) this.fail(`Unterminated value of '${name}'`, at);
    const raw = this.src.slice(valueStart, end);
    const lt = raw.indexOf('<');
    if (lt >= 0) this.fail(`'<' is not allowed in the value of '${name}' (write &lt;)`, valueStart + lt);
    const value = this.decode(raw, valueStart);
    this.pos = end + 1;
    if (name in attrs) this.fail(`Attribute '${name}' is given twice`, at);
    if (/^on/i.test(name)) this.fail(`Event-handler attributes ('${name}') are not allowed`, at);
    if (isScriptUrl(value)) this.fail(`'${name}' holds a script URL, which is not allowed`, at);
    attrs[name] = value;
  }

  private readText(): string {
    const start = this.pos;
    const next = this.src.indexOf('<', this.pos);
    this.pos = next < 0 ? this.src.length : next;
    const raw = this.src.slice(start, this.pos);
    const gt = raw.indexOf(']]>');
    if (gt >= 0) this.fail("']]>' is not allowed in text", start + gt);
    return this.decode(raw, start);
  }

  private readCdata(): string {
    const start = this.pos + '<![CDATA['.length;
    const end = this.src.indexOf(']]>', start);
    if (end < 0) this.fail('Unterminated CDATA section');
    this.pos = end + 3;
    return this.src.slice(start, end);
  }

  private skipComment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('Unterminated comment');
    this.pos = end + 3;
  }

  /** Character references and the five predefined entities; any other entity is refused. */
  private decode(raw: string, offset: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(/&([^;&\s]*);?/g, (match: string, ref: string, index: number) => {
      const at = offset + index;
      if (!match.endsWith(';')) this.fail("'&' must start an entity like &amp;", at);
      if (ref in PREDEFINED) return PREDEFINED[ref];
      const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
      if (numeric) {
        const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
        if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          this.fail(`Invalid character reference &${ref};`, at);
        }
        return String.fromCodePoint(code);
      }
      return this.fail(`Entity &${ref}; is not allowed (only &lt; &gt; &amp; &quot; &apos; and &#N;)`, at);
    });
  }

  private readName(what: string): string {
    const start = this.pos;
    if (!NAME_START.test(this.src.charAt(this.pos))) this.fail(`Expected an ${what}`);
    this.pos++;
    while (this.pos < this.src.length && NAME_CHAR.test(this.src.charAt(this.pos))) this.pos++;
    if (this.src.charAt(this.pos) === ':') this.fail('XML namespaces are not supported');
    return this.src.slice(start, this.pos);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.src.length && /\s/.test(this.src.charAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  private startsWithCi(prefix: string): boolean {
    return this.src.slice(this.pos, this.pos + prefix.length).toUpperCase() === prefix.toUpperCase();
  }

  private position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  private fail(message: string, offset = this.pos): never {
    const { line, column } = this.position(Math.min(offset, this.src.length));
    throw new DashboardParseError(message, line, column);
  }
}

/** Removes the indentation every non-blank line shares, and leading/trailing blank lines. */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  if (!lines.length) return '';
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(indent).trimEnd()).join('\n');
}
