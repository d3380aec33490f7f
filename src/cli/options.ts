/** Flag parsing shared by commands: node's parseArgs, with errors turned into usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UnspinError } from '../errors.js';
import { closest } from './suggest.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

type Parsed<T extends OptionSpec> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

export function parse<T extends OptionSpec>(argv: string[], options: T): Parsed<T> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as Parsed<T>;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const unknown = /^Unknown option '(.*?)'/.exec(message);
    if (unknown) throw new UnspinError('usage', `unknown option '${unknown[1]}'${optionHint(unknown[1]!, options)}`);
    throw new UnspinError('usage', message);
  }
}

/** " (did you mean '--format'?)" for a mistyped long option, else nothing. */
function optionHint(typed: string, options: OptionSpec): string {
  if (!typed.startsWith('--')) return '';
  const guess = closest(typed.slice(2), Object.keys(options));
  return guess ? ` (did you mean '--${guess}'?)` : '';
}

export function choice<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UnspinError('usage', `${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}

export function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UnspinError('usage', `${flag} must be a positive number (got '${value}')`);
  return n;
}

export function unitInterval(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UnspinError('usage', `${flag} must be a number between 0 and 1 (got '${value}')`);
  return n;
}
