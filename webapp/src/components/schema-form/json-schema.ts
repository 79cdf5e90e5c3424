/**
 * The part of JSON Schema (draft 2020-12, as zod's toJSONSchema writes it for action arguments)
 * that the form reads. Anything else is ignored: the server validates, the form only helps.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  title?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  additionalProperties?: boolean | JsonSchema;
}

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'list' | 'object' | 'json';

/** One control of the form, derived from a property's schema. */
export interface FieldSpec {
  name: string;
  /** Dotted path from the arguments' root (`opts.x`): the key of its value and of its errors. */
  key: string;
  kind: FieldKind;
  required: boolean;
  /** `null` is accepted (`anyOf [..., {type: null}]`). */
  nullable: boolean;
  description?: string;
  default?: unknown;
  /** `enum` choices. */
  choices?: unknown[];
  /** `list`: the kind of each item (one per line). */
  itemKind?: 'string' | 'number' | 'integer' | 'boolean';
  /** `object` with declared properties: its fields. */
  children?: FieldSpec[];
  min?: number;
  max?: number;
}

const PRIMITIVES = new Set(['string', 'number', 'integer', 'boolean']);

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/** Splits `anyOf`/`oneOf` and `type: [x, 'null']` into the non-null alternatives and nullability. */
function alternatives(schema: JsonSchema): { options: JsonSchema[]; nullable: boolean } {
  const union = schema.anyOf ?? schema.oneOf;
  if (union) {
    const options = union.filter((s) => !typesOf(s).includes('null') || typesOf(s).length > 1);
    return { options, nullable: options.length < union.length };
  }
  const types = typesOf(schema);
  if (types.length > 1) {
    const rest = types.filter((t) => t !== 'null');
    return { options: rest.map((type) => ({ ...schema, type })), nullable: rest.length < types.length };
  }
  return { options: [schema], nullable: false };
}

/**
 * The control for one property. A union takes its first alternative when that is a plain value
 * (`cmd: string | string[]` is a text field; the raw JSON mode sends the other shapes), otherwise
 * the field takes JSON. Objects without declared properties and lists of objects take JSON too.
 */
export function describeField(name: string, schema: JsonSchema, required: boolean, parent = ''): FieldSpec {
  const key = parent ? `${parent}.${name}` : name;
  const { options, nullable } = alternatives(schema);
  const chosen = options[0] ?? {};
  const base = {
    name,
    key,
    required,
    nullable,
    description: schema.description ?? chosen.description,
    default: schema.default ?? chosen.default,
  };
  if (options.length > 1 && !isPlain(chosen)) return { ...base, kind: 'json' };
  if (chosen.enum && chosen.enum.length > 0) return { ...base, kind: 'enum', choices: chosen.enum };
  if (chosen.const !== undefined) return { ...base, kind: 'enum', choices: [chosen.const] };
  const type = typesOf(chosen)[0];
  switch (type) {
    case 'string':
      return { ...base, kind: 'string' };
    case 'number':
    case 'integer':
      return { ...base, kind: type, min: chosen.minimum, max: chosen.maximum };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'array': {
      const itemType = chosen.items ? typesOf(chosen.items)[0] : undefined;
      if (itemType && PRIMITIVES.has(itemType) && !chosen.items?.enum) {
        return { ...base, kind: 'list', itemKind: itemType as FieldSpec['itemKind'] };
      }
      return { ...base, kind: 'json' };
    }
    case 'object':
      if (chosen.properties && Object.keys(chosen.properties).length > 0) {
        return { ...base, kind: 'object', children: describeFields(chosen, key) };
      }
      return { ...base, kind: 'json' };
    default:
      return { ...base, kind: 'json' };
  }
}

function isPlain(schema: JsonSchema): boolean {
  return Boolean(schema.enum) || typesOf(schema).some((t) => PRIMITIVES.has(t));
}

/** The fields of an object schema, required ones first, each group in declaration order. */
export function describeFields(schema: JsonSchema, parent = ''): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) =>
    describeField(name, property, required.has(name), parent),
  );
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

/** Whether an action's arguments can be edited as a form at all (else: raw JSON only). */
export function hasFormFields(schema: JsonSchema | undefined): boolean {
  return Boolean(schema?.properties && Object.keys(schema.properties).length > 0);
}
