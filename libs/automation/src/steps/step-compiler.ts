import { isActionName, isObject } from '@hub/messages';
import { COMMAND_LINE_ACTIONS } from '@hub/plugins';

import {
  type CommandTemplate,
  compileCommandTemplate,
  isCommandTemplate,
} from '../expressions/command-template';
import { type CompiledExpression, ExpressionError, ExpressionSyntaxError } from '../expressions/expression';
import { truthy } from '../expressions/functions';
import { compileTemplate, parseBareExpression, type Template } from '../expressions/template';
import { type Flow, type Statement, type StepContext, StepError } from './step-context';

const MAX_WHILE_ITERATIONS = 100_000;
const IF = /^if\s+([\s\S]+)$/;
const ELIF = /^elif\s+([\s\S]+)$/;
const FOR = /^(for|fork)\s+([A-Za-z_]\w*)\s+in\s+([\s\S]+)$/;
const WHILE = /^while\s+([\s\S]+)$/;
const RETURN = /^return(?:\s+([\s\S]+))?$/;

/** A compiled step list plus what it calls, for the automation graph. */
export interface CompiledSteps {
  run: (ctx: StepContext) => Promise<Flow>;
  /** Every action name it may call, in order of appearance. */
  actions: string[];
}

export interface CompileOptions {
  /**
   * Config files only: a `${...}` that does not parse is kept as plain text, as platypush sends
   * it, and reported here (a start-up warning with its line) instead of refusing the file.
   * Run-time definitions (the API) leave it unset and get the error.
   */
  keepUnparsableText?: (path: Array<string | number>, message: string) => void;
}

/** What compiling one step list collects on the way. */
interface Compiling extends CompileOptions {
  actions: string[];
}

/**
 * Compiles platypush-style steps (`then:` of a hook, a procedure body, a cron's `actions:`).
 * Every problem is reported with its path inside the list, so the caller can name the line.
 */
export function compileSteps(
  raw: unknown,
  path: Array<string | number> = [],
  options: CompileOptions = {},
): CompiledSteps {
  const c: Compiling = { ...options, actions: [] };
  const list = Array.isArray(raw) ? raw : [raw];
  const statements = compileList(list, path, c);
  return { run: sequence(statements), actions: c.actions };
}

function compileList(list: unknown[], path: Array<string | number>, c: Compiling): Statement[] {
  const statements: Statement[] = [];
  // if/elif/else chains are built across consecutive list items.
  let chain: Array<{ test: CompiledExpression | null; body: Statement }> | null = null;
  const closeChain = () => {
    if (chain) statements.push(ifChain(chain));
    chain = null;
  };
  list.forEach((item, index) => {
    const at = [...path, index];
    const key = isObject(item) && Object.keys(item).length === 1 ? Object.keys(item)[0] : null;
    const keyword = key?.trim() ?? '';
    let m: RegExpExecArray | null;
    if (key !== null && (m = IF.exec(keyword))) {
      closeChain();
      chain = [
        {
          test: expression(m[1], at),
          body: body((item as Record<string, unknown>)[key], [...at, key], c),
        },
      ];
      return;
    }
    if (key !== null && ((m = ELIF.exec(keyword)) || keyword === 'else')) {
      if (!chain) throw new StepError(at, `'${keyword.split(/\s/)[0]}' without a preceding 'if'`);
      const current: Array<{ test: CompiledExpression | null; body: Statement }> = chain;
      if (current[current.length - 1].test === null) throw new StepError(at, `'${keyword}' after 'else'`);
      current.push({
        test: m ? expression(m[1], at) : null,
        body: body((item as Record<string, unknown>)[key], [...at, key], c),
      });
      return;
    }
    closeChain();
    statements.push(compileStatement(item, at, c));
  });
  closeChain();
  return statements;
}

function compileStatement(item: unknown, at: Array<string | number>, c: Compiling): Statement {
  if (typeof item === 'string') return compileKeyword(item.trim(), at, c);
  if (!isObject(item))
    throw new StepError(at, 'expected a step: {action: ...}, {response: ...}, if/for/while, ...');
  if ('action' in item) return compileAction(item, at, c);
  const keys = Object.keys(item);
  if (keys.length === 1) {
    const key = keys[0];
    const value = item[key];
    const keyword = key.trim();
    let m: RegExpExecArray | null;
    if (keyword === 'response') return respond(template(value, [...at, key], c));
    if (keyword === 'return') {
      const t = template(value, [...at, key], c);
      return async (ctx) => ({ kind: 'return', value: t(ctx.scope) });
    }
    if (keyword === 'set') return assign(value, [...at, key], c);
    if ((m = FOR.exec(keyword))) {
      return loop(m[1] === 'fork', m[2], expression(m[3], at), body(value, [...at, key], c));
    }
    if (keyword === 'fork') {
      if (!Array.isArray(value))
        throw new StepError([...at, key], 'fork: expected a list of steps to run in parallel');
      return parallel(value.map((v, i) => compileStatement(v, [...at, key, i], c)));
    }
    if ((m = WHILE.exec(keyword))) return whileLoop(expression(m[1], at), body(value, [...at, key], c));
  }
  throw new StepError(
    at,
    `unknown step '${keys.join(', ')}' (expected action, response, return, set, if, elif, else, for, fork, while)`,
  );
}

function compileKeyword(word: string, at: Array<string | number>, c: Compiling): Statement {
  if (word === 'break') return async () => ({ kind: 'break' });
  if (word === 'continue') return async () => ({ kind: 'continue' });
  const m = RETURN.exec(word);
  if (m) {
    const t = m[1] ? template(m[1], at, c) : () => undefined;
    return async (ctx) => ({ kind: 'return', value: t(ctx.scope) });
  }
  throw new StepError(at, `unknown step '${word.slice(0, 40)}' (expected break, continue or return)`);
}

function compileAction(item: Record<string, unknown>, at: Array<string | number>, c: Compiling): Statement {
  const { action, args, ...rest } = item;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new StepError([...at, extra[0]], `unknown key '${extra[0]}' in an action step`);
  if (!isActionName(action))
    throw new StepError([...at, 'action'], `expected 'plugin.action', got ${JSON.stringify(action)}`);
  if (args !== undefined && !isObject(args)) throw new StepError([...at, 'args'], 'args: expected a mapping');
  c.actions.push(action);
  const argsTemplate = template(args ?? {}, [...at, 'args'], c);
  const cmd = commandLine(action, args, [...at, 'args', 'cmd'], c);
  return async (ctx) => {
    const values = argsTemplate(ctx.scope) as Record<string, unknown>;
    if (cmd) values.cmd = cmd(ctx.scope, values.shell === true);
    const output = await ctx.run(action, values);
    ctx.setOutput(output);
    return undefined;
  };
}

/** The `cmd` of a command-line action as a CommandTemplate, when it is a string with `${...}`. */
function commandLine(
  action: string,
  args: unknown,
  at: Array<string | number>,
  c: Compiling,
): CommandTemplate | null {
  if (!COMMAND_LINE_ACTIONS.has(action) || !isObject(args) || typeof args.cmd !== 'string') return null;
  try {
    return isCommandTemplate(args.cmd) ? compileCommandTemplate(args.cmd) : null;
  } catch (err) {
    // Kept as text by template() above (and warned about there): the action splits it as it is.
    if (c.keepUnparsableText && err instanceof ExpressionSyntaxError) return null;
    if (err instanceof ExpressionError) throw new StepError(at, err.message);
    throw err;
  }
}

function respond(t: Template): Statement {
  return async (ctx) => {
    ctx.answer?.(t(ctx.scope));
    return undefined;
  };
}

function assign(value: unknown, at: Array<string | number>, c: Compiling): Statement {
  if (!isObject(value)) throw new StepError(at, 'set: expected a mapping of variable names to values');
  const entries = Object.entries(value).map(([name, v]) => {
    if (!/^[A-Za-z_]\w*$/.test(name)) throw new StepError([...at, name], `invalid variable name '${name}'`);
    return [name, template(v, [...at, name], c)] as const;
  });
  return async (ctx) => {
    for (const [name, t] of entries) ctx.scope.assign(name, t(ctx.scope));
    return undefined;
  };
}

function ifChain(branches: Array<{ test: CompiledExpression | null; body: Statement }>): Statement {
  return async (ctx) => {
    for (const branch of branches) {
      if (branch.test === null || truthy(branch.test.evaluate(ctx.scope))) return branch.body(ctx);
    }
    return undefined;
  };
}

function loop(
  parallelRun: boolean,
  variable: string,
  list: CompiledExpression,
  bodyRun: Statement,
): Statement {
  return async (ctx) => {
    const items = iterable(list.evaluate(ctx.scope), list.source);
    const runOne = async (item: unknown): Promise<Flow> => {
      const scope = ctx.scope.child();
      scope.define(variable, item);
      return bodyRun({ ...ctx, scope });
    };
    if (parallelRun) {
      const flows = await Promise.all(items.map(runOne));
      return flows.find((f) => f?.kind === 'return');
    }
    for (const item of items) {
      const flow = await runOne(item);
      if (flow?.kind === 'break') break;
      if (flow?.kind === 'return') return flow;
    }
    return undefined;
  };
}

function whileLoop(test: CompiledExpression, bodyRun: Statement): Statement {
  return async (ctx) => {
    for (let i = 0; truthy(test.evaluate(ctx.scope)); i++) {
      if (i >= MAX_WHILE_ITERATIONS)
        throw new Error(`while \${${test.source}}: more than ${MAX_WHILE_ITERATIONS} iterations`);
      // Let other work run between iterations of a loop that never awaits anything.
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
      const flow = await bodyRun(ctx);
      if (flow?.kind === 'break') break;
      if (flow?.kind === 'return') return flow;
    }
    return undefined;
  };
}

function parallel(statements: Statement[]): Statement {
  return async (ctx) => {
    const flows = await Promise.all(statements.map((s) => s(ctx)));
    return flows.find((f) => f?.kind === 'return');
  };
}

function sequence(statements: Statement[]): Statement {
  return async (ctx) => {
    for (const statement of statements) {
      const flow = await statement(ctx);
      if (flow) return flow;
    }
    return undefined;
  };
}

function body(value: unknown, at: Array<string | number>, c: Compiling): Statement {
  const list = Array.isArray(value) ? value : [value];
  return sequence(compileList(list, at, c));
}

function iterable(value: unknown, source: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.keys(value);
  throw new Error(`for: \${${source}} is not a list`);
}

function expression(text: string, at: Array<string | number>): CompiledExpression {
  try {
    return parseBareExpression(text);
  } catch (err) {
    throw new StepError(at, (err as Error).message);
  }
}

function template(value: unknown, at: Array<string | number>, c: Compiling): Template {
  const keep = c.keepUnparsableText;
  try {
    return compileTemplate(value, keep && ((path, message) => keep([...at, ...path], message)));
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError(at, err.message);
    throw err;
  }
}
