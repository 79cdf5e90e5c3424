import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type Document, isMap, LineCounter, parseDocument } from 'yaml';
import type { ConfigIssue } from './config-error';

/** One parsed YAML file, kept so that paths can be mapped back to `file:line`. */
interface SourceFile {
  file: string;
  doc: Document;
  lines: LineCounter;
}

/**
 * The YAML files behind a configuration (config.yaml plus its `include:`s), merged at the top
 * level. Later files do not override keys of the file that included them.
 */
export class YamlSource {
  private readonly owners = new Map<string, SourceFile>();
  readonly root: Record<string, unknown> = {};
  readonly issues: ConfigIssue[] = [];

  constructor(
    readonly mainFile: string,
    private readonly displayBase: string,
  ) {
    this.load(mainFile, new Set());
  }

  /** `config.yaml:12` for a path like `['backend.http', 'port']`; falls back to the nearest parent. */
  locate(path: ReadonlyArray<string | number>): string {
    const owner = this.owners.get(String(path[0]));
    if (!owner) return this.display(this.mainFile);
    for (let depth = path.length; depth > 0; depth--) {
      const node = owner.doc.getIn(path.slice(0, depth), true) as
        { range?: [number, number, number] } | undefined;
      if (node?.range) return `${this.display(owner.file)}:${owner.lines.linePos(node.range[0]).line}`;
    }
    const topKey = this.keyLine(owner, String(path[0]));
    return `${this.display(owner.file)}${topKey ? `:${topKey}` : ''}`;
  }

  private keyLine(owner: SourceFile, key: string): number | undefined {
    const contents = owner.doc.contents;
    if (!isMap(contents)) return undefined;
    const pair = contents.items.find((p) => (p.key as { value?: unknown })?.value === key);
    const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
    return range ? owner.lines.linePos(range[0]).line : undefined;
  }

  private display(file: string): string {
    const rel = relative(this.displayBase, file);
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  }

  private load(file: string, seen: Set<string>): void {
    if (seen.has(file)) {
      this.issues.push({ path: 'include', message: `include cycle through ${this.display(file)}` });
      return;
    }
    seen.add(file);
    if (!existsSync(file)) {
      this.issues.push({ path: 'include', message: `file not found: ${file}` });
      return;
    }
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), {
      lineCounter: lines,
      uniqueKeys: true,
      prettyErrors: false,
    });
    for (const err of doc.errors) {
      // linePos is only filled in with prettyErrors; the offset always is.
      const line = err.linePos?.[0] ?? lines.linePos(err.pos[0]);
      this.issues.push({
        path: '',
        message: `YAML syntax error: ${err.message.split('\n')[0]}`,
        location: `${this.display(file)}${line ? `:${line.line}` : ''}`,
      });
    }
    if (doc.errors.length > 0) return;
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.issues.push({
        path: '',
        message: 'the top level must be a mapping of keys',
        location: this.display(file),
      });
      return;
    }
    const source: SourceFile = { file, doc, lines };
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [key, val] of entries) {
      if (key in this.root) continue; // the including file wins
      this.root[key] = val;
      this.owners.set(key, source);
    }
    const include = (value as Record<string, unknown>).include;
    if (include === undefined) return;
    const includes = Array.isArray(include) ? include : [include];
    for (const inc of includes) {
      if (typeof inc !== 'string') continue; // reported by the schema
      this.load(resolve(dirname(file), inc), seen);
    }
  }
}
