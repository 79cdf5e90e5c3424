import { readProperty } from '@hub/messages';

/**
 * The variables an expression can see, innermost first: loop variables and `set`, procedure
 * args, `output` of the previous step (and its keys), the event's fields, then `event`,
 * `constants`. Lookups read own properties only.
 */
export class Scope {
  private readonly locals = new Map<string, unknown>();

  constructor(
    private readonly parent: Scope | null = null,
    private readonly layer: Record<string, unknown> | null = null,
  ) {}

  /** A child scope whose own variables shadow this one's. */
  child(layer: Record<string, unknown> | null = null): Scope {
    return new Scope(this, layer);
  }

  has(name: string): boolean {
    if (this.locals.has(name)) return true;
    if (this.layer && readProperty(this.layer, name) !== undefined) return true;
    return this.parent?.has(name) ?? false;
  }

  get(name: string): unknown {
    if (this.locals.has(name)) return this.locals.get(name);
    if (this.layer) {
      const value = readProperty(this.layer, name);
      if (value !== undefined) return value;
    }
    return this.parent?.get(name);
  }

  /** Sets a variable where it already lives (so a loop body can update an outer counter), else here. */
  assign(name: string, value: unknown): void {
    if (!this.assignExisting(name, value)) this.locals.set(name, value);
  }

  private assignExisting(name: string, value: unknown): boolean {
    if (this.locals.has(name)) {
      this.locals.set(name, value);
      return true;
    }
    return this.parent?.assignExisting(name, value) ?? false;
  }

  /** Defines a variable in this scope only (loop variables). */
  define(name: string, value: unknown): void {
    this.locals.set(name, value);
  }
}
