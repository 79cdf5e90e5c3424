import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

import {
  type Document,
  isCollection,
  isMap,
  isScalar,
  LineCounter,
  type Pair,
  parseDocument,
  visit,
  type YAMLError,
  YAMLParseError,
} from 'yaml';

import type { ConfigIssue } from './config-error';

/** One parsed YAML file, kept so that paths can be mapped back to `file:line`. */
interface SourceFile {
  file: string;
  doc: Document;
  lines: LineCounter;
}

type Ranged = { range?: [number, number, number] } | null | undefined;

/** A top-level key and the file it came from. */
interface Owner {
  source: SourceFile;
  /** The key's pair in that file, found once: `doc.getIn()` scans the top-level map linearly. */
  pair: Pair | undefined;
}

/**
 * The YAML files behind a configuration (config.yaml plus its `include:`s), merged at the top
 * level. Later files do not override keys of the file that included them.
 */
export class YamlSource {
  private readonly owners = new Map<string, Owner>();
  readonly root: Record<string, unknown> = {};
  readonly issues: ConfigIssue[] = [];
  /** Non-fatal: an `include:` whose file is missing (platypush prints a line and goes on too). */
  readonly warnings: string[] = [];

  constructor(
    readonly mainFile: string,
    private readonly displayBase: string,
  ) {
    this.load(mainFile, new Set(), null);
  }

  /** `config.yaml:12` for a path like `['backend.http', 'port']`; falls back to the nearest parent. */
  locate(path: ReadonlyArray<string | number>): string {
    const owner = this.owners.get(String(path[0]));
    if (!owner) return this.display(this.mainFile);
    const { source, pair } = owner;
    const at = (node: Ranged) => `${this.display(source.file)}:${source.lines.linePos(node!.range![0]).line}`;
    const value = pair?.value as Ranged;
    const rest = path.slice(1);
    for (let depth = rest.length; depth > 0 && isCollection(value); depth--) {
      const node = value.getIn(rest.slice(0, depth), true) as Ranged;
      if (node?.range) return at(node);
    }
    if (value?.range) return at(value);
    const key = pair?.key as Ranged;
    return key?.range ? at(key) : this.display(source.file);
  }

  private display(file: string): string {
    const rel = relative(this.displayBase, file);
    return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  }

  /** `includedFrom`: the file whose `include:` names this one (null for the main file). */
  private load(file: string, seen: Set<string>, includedFrom: string | null): void {
    if (seen.has(file)) {
      this.issues.push({ path: 'include', message: `include cycle through ${this.display(file)}` });
      return;
    }
    seen.add(file);
    if (!existsSync(file)) {
      if (includedFrom === null) this.issues.push({ path: '', message: `file not found: ${file}` });
      else
        this.warnings.push(
          `include (${this.display(includedFrom)}): ${this.display(file)} not found, skipped (as platypush does)`,
        );
      return;
    }
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), {
      lineCounter: lines,
      // The library's own check compares every key with every other (quadratic: 40% of loading
      // 10,000 hooks); duplicateKeyErrors() does it in one pass.
      uniqueKeys: false,
      prettyErrors: false,
    });
    const errors = [...doc.errors, ...duplicateKeyErrors(doc)];
    for (const err of errors) {
      // linePos is only filled in with prettyErrors; the offset always is.
      const line = err.linePos?.[0] ?? lines.linePos(err.pos[0]);
      this.issues.push({
        path: '',
        message: `YAML syntax error: ${err.message.split('\n')[0]}`,
        location: `${this.display(file)}${line ? `:${line.line}` : ''}`,
      });
    }
    if (errors.length > 0) return;
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
    const pairs = new Map<string, Pair>();
    if (isMap(doc.contents)) {
      for (const pair of doc.contents.items)
        pairs.set(String((pair.key as { value?: unknown })?.value), pair);
    }
    for (const [key, val] of Object.entries(value as Record<string, unknown>)) {
      if (key in this.root) continue; // the including file wins
      this.root[key] = val;
      this.owners.set(key, { source, pair: pairs.get(key) });
    }
    const include = (value as Record<string, unknown>).include;
    if (include === undefined) return;
    const includes = Array.isArray(include) ? include : [include];
    for (const inc of includes) {
      if (typeof inc !== 'string') continue; // reported by the schema
      this.load(resolve(dirname(file), inc), seen, file);
    }
  }
}

/** A YAMLError for every key repeated in the same mapping, anywhere in the document. */
function duplicateKeyErrors(doc: Document): YAMLError[] {
  const errors: YAMLError[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const start = (pair.key as Ranged)?.range?.[0] ?? 0;
        errors.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
      }
    },
  });
  return errors.sort((a, b) => a.pos[0] - b.pos[0]);
}
