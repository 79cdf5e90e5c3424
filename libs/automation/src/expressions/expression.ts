import jsep, { type Expression } from 'jsep';

import { dataObject, deepEqual, readProperty } from '@hub/messages';

import { ExpressionError, ExpressionSyntaxError } from './expression-error';
import { EXPRESSION_FUNCTIONS, toText, truthy } from './functions';
import { EXPRESSION_METHODS } from './methods';
import { dictLiteral, type DictProperty, IS_NOT, NOT_IN, rewriteTwoWordOperators } from './python-syntax';
import type { Scope } from './scope';

export { ExpressionError, ExpressionSyntaxError } from './expression-error';

jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('or', 1);
jsep.addBinaryOp('in', 7);
jsep.addBinaryOp(NOT_IN, 7);
jsep.addBinaryOp('is', 6);
jsep.addBinaryOp(IS_NOT, 6);
jsep.addUnaryOp('not');
jsep.plugins.register(dictLiteral);

const MAX_LENGTH = 1000;
const MAX_DEPTH = 64;
/** Python spellings accepted in expressions copied from platypush configs. */
const CONSTANTS: Record<string, unknown> = { True: true, False: false, None: null, null: null };
/**
 * platypush's Python internals that its examples reach into (`Config.get(...)`,
 * `__import__(...)`): refused when the expression is parsed, with a pointer, rather than
 * quietly reading as nothing.
 */
const PYTHON_INTERNALS = /^(Config|__\w*)$/;
/** The same names used as code (called or read from) in text that does not parse. */
const PYTHON_INTERNALS_IN_TEXT = /(^|[^\w.'"])(Config|__\w*)\s*[.(]/;

const internalsMessage = (name: string) =>
  `'${name}' is platypush's Python internals, not available here (constants.NAME, event fields and output are)`;

/**
 * One `${...}` expression, parsed once (at config load) and evaluated many times. Evaluation is
 * a walk over the parsed tree: no `eval`, no `Function`, no `vm`; property reads go through
 * `readProperty` (own data properties only) and calls only reach EXPRESSION_FUNCTIONS.
 */
export class CompiledExpression {
  private constructor(
    readonly source: string,
    private readonly tree: Expression,
  ) {}

  static parse(source: string): CompiledExpression {
    if (source.length > MAX_LENGTH)
      throw new ExpressionError(`expression longer than ${MAX_LENGTH} characters`);
    let tree: Expression;
    try {
      tree = jsep(rewriteTwoWordOperators(source));
    } catch (err) {
      // Unparsable text that reaches into Python (`__import__("re")...`) is code meant for
      // platypush's eval, never text to keep: refused like a parsed one.
      const internal = PYTHON_INTERNALS_IN_TEXT.exec(source);
      if (internal) throw new ExpressionError(internalsMessage(internal[2]));
      throw new ExpressionSyntaxError(`cannot parse \${${source}}: ${(err as Error).message}`);
    }
    check(tree, 0);
    return new CompiledExpression(source, tree);
  }

  evaluate(scope: Scope): unknown {
    return evaluate(this.tree, scope);
  }
}

function check(node: Expression, depth: number): void {
  if (depth > MAX_DEPTH) throw new ExpressionError('expression nested too deeply');
  switch (node.type) {
    case 'Literal':
      return;
    case 'Identifier':
      if (PYTHON_INTERNALS.test(node.name as string))
        throw new ExpressionError(internalsMessage(node.name as string));
      return;
    case 'ThisExpression':
      throw new ExpressionError("'this' is not available in expressions");
    case 'MemberExpression':
      check(node.object as Expression, depth + 1);
      if (node.computed) check(node.property as Expression, depth + 1);
      return;
    case 'CallExpression': {
      const callee = node.callee as Expression;
      if (isMethodCall(callee)) {
        check(callee.object as Expression, depth + 1);
      } else if (callee.type === 'Identifier' && PYTHON_INTERNALS.test(callee.name as string)) {
        check(callee, depth + 1);
      } else if (
        callee.type !== 'Identifier' ||
        !Object.hasOwn(EXPRESSION_FUNCTIONS, callee.name as string)
      ) {
        throw new ExpressionError(
          `only these functions can be called: ${Object.keys(EXPRESSION_FUNCTIONS).join(', ')}; ` +
            `and these methods: ${Object.keys(EXPRESSION_METHODS).join(', ')}`,
        );
      }
      for (const arg of node.arguments as Expression[]) check(arg, depth + 1);
      return;
    }
    case 'DictExpression':
      for (const { key, value } of node.properties as DictProperty[]) {
        check(key, depth + 1);
        check(value, depth + 1);
      }
      return;
    case 'BinaryExpression':
      check(node.left as Expression, depth + 1);
      check(node.right as Expression, depth + 1);
      return;
    case 'UnaryExpression':
      check(node.argument as Expression, depth + 1);
      return;
    case 'ConditionalExpression':
      check(node.test as Expression, depth + 1);
      check(node.consequent as Expression, depth + 1);
      check(node.alternate as Expression, depth + 1);
      return;
    case 'ArrayExpression':
      for (const el of node.elements as Array<Expression | null>) if (el) check(el, depth + 1);
      return;
    default:
      throw new ExpressionError(`unsupported syntax (${node.type})`);
  }
}

function evaluate(node: Expression, scope: Scope): unknown {
  switch (node.type) {
    case 'Literal':
      return node.value;
    case 'Identifier': {
      const name = node.name as string;
      if (scope.has(name)) return scope.get(name);
      return Object.hasOwn(CONSTANTS, name) ? CONSTANTS[name] : undefined;
    }
    case 'MemberExpression': {
      const object = evaluate(node.object as Expression, scope);
      const property = node.property as Expression;
      const key = node.computed ? evaluate(property, scope) : property.name;
      return readProperty(object, key);
    }
    case 'CallExpression': {
      const callee = node.callee as Expression;
      const args = (node.arguments as Expression[]).map((arg) => evaluate(arg, scope));
      if (isMethodCall(callee)) {
        const method = EXPRESSION_METHODS[(callee.property as Expression).name as string];
        return method(evaluate(callee.object as Expression, scope), args);
      }
      return EXPRESSION_FUNCTIONS[callee.name as string](...args);
    }
    case 'DictExpression':
      return dataObject(
        (node.properties as DictProperty[]).map(({ key, value }) => {
          const name = evaluate(key, scope);
          if (typeof name !== 'string' && typeof name !== 'number')
            throw new ExpressionError('dict keys must be strings or numbers');
          return [String(name), evaluate(value, scope)] as const;
        }),
      );
    case 'UnaryExpression': {
      const value = evaluate(node.argument as Expression, scope);
      switch (node.operator) {
        case '!':
        case 'not':
          return !truthy(value);
        case '-':
          return -Number(value);
        case '+':
          return Number(value);
        default:
          throw new ExpressionError(`unsupported operator ${node.operator as string}`);
      }
    }
    case 'BinaryExpression':
      return binary(node.operator as string, node.left as Expression, node.right as Expression, scope);
    case 'ConditionalExpression':
      return truthy(evaluate(node.test as Expression, scope))
        ? evaluate(node.consequent as Expression, scope)
        : evaluate(node.alternate as Expression, scope);
    case 'ArrayExpression':
      return (node.elements as Array<Expression | null>).map((el) => (el ? evaluate(el, scope) : null));
    default:
      throw new ExpressionError(`unsupported syntax (${node.type})`);
  }
}

function binary(operator: string, leftNode: Expression, rightNode: Expression, scope: Scope): unknown {
  // Short-circuit operators return one of their operands, as in Python.
  if (operator === 'and' || operator === '&&') {
    const left = evaluate(leftNode, scope);
    return truthy(left) ? evaluate(rightNode, scope) : left;
  }
  if (operator === 'or' || operator === '||') {
    const left = evaluate(leftNode, scope);
    return truthy(left) ? left : evaluate(rightNode, scope);
  }
  const left = evaluate(leftNode, scope);
  const right = evaluate(rightNode, scope);
  switch (operator) {
    case '+':
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right] as unknown[];
      return toText(left) + toText(right);
    case '-':
      return Number(left) - Number(right);
    case '*':
      return Number(left) * Number(right);
    case '/':
      return Number(left) / Number(right);
    case '%':
      return Number(left) % Number(right);
    case '==':
    case '===':
      return deepEqual(left, right);
    case '!=':
    case '!==':
      return !deepEqual(left, right);
    case '<':
      return compare(left, right) < 0;
    case '<=':
      return compare(left, right) <= 0;
    case '>':
      return compare(left, right) > 0;
    case '>=':
      return compare(left, right) >= 0;
    case 'in':
      return EXPRESSION_FUNCTIONS.contains(right, left);
    case NOT_IN:
      return !EXPRESSION_FUNCTIONS.contains(right, left);
    case 'is':
      return same(left, right);
    case IS_NOT:
      return !same(left, right);
    default:
      throw new ExpressionError(`unsupported operator ${operator}`);
  }
}

/** `x.name(...)` where name is one of EXPRESSION_METHODS (`track.get('artist')`, `s.lower()`). */
function isMethodCall(callee: Expression): boolean {
  if (callee.type !== 'MemberExpression' || callee.computed) return false;
  const property = callee.property as Expression;
  return property.type === 'Identifier' && Object.hasOwn(EXPRESSION_METHODS, property.name as string);
}

/** Python's `is`: a missing value counts as None; otherwise the same value (or the same object). */
function same(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null)
    return (a === undefined || a === null) && (b === undefined || b === null);
  return a === b;
}

/** NaN (never true) when the two cannot be ordered: numbers with numbers, strings with strings. */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number.NaN;
}
