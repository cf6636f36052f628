import type { FormObject, FormValue } from './form';
import { invalidParam, missingParam, unknownParam } from './errors';

/*
 * Typed reads of one request's form parameters, refusing the way Stripe does: an unknown
 * parameter, a missing one, or one of the wrong kind is a 400 naming it in `param`. All of these
 * happen before the endpoint runs, so none is saved under an idempotency key.
 */

/** Stripe refuses parameters an endpoint does not take; so does the sandbox, to catch typos. */
export function onlyParams(form: FormObject, allowed: readonly string[]): void {
  for (const name of Object.keys(form)) if (!allowed.includes(name)) throw unknownParam(name);
}

function text(name: string, value: FormValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParam(`Invalid string: ${name}`, { param: name });
  return value;
}

export function optionalString(form: FormObject, name: string): string | undefined {
  return text(name, form[name]);
}

export function requiredString(form: FormObject, name: string): string {
  const value = text(name, form[name]);
  if (value === undefined || value === '') throw missingParam(name);
  return value;
}

/** The largest amount Stripe takes in one charge: eight digits of minor units. */
export const MAX_AMOUNT = 99_999_999;

/** A positive whole number of minor units; money never arrives as a decimal. */
export function optionalAmount(form: FormObject, name: string): number | undefined {
  const raw = text(name, form[name]);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) {
    throw invalidParam(`Invalid integer: ${raw}`, {
      code: 'parameter_invalid_integer',
      param: name,
    });
  }
  const value = Number(raw);
  if (value < 1) {
    throw invalidParam('Invalid positive integer', {
      code: 'parameter_invalid_integer',
      param: name,
    });
  }
  if (value > MAX_AMOUNT) {
    throw invalidParam(`Amount must be no more than ${MAX_AMOUNT} minor units`, {
      code: 'amount_too_large',
      param: name,
    });
  }
  return value;
}

export function requiredAmount(form: FormObject, name: string): number {
  const value = optionalAmount(form, name);
  if (value === undefined) throw missingParam(name);
  return value;
}

export function optionalBoolean(form: FormObject, name: string): boolean | undefined {
  const raw = text(name, form[name]);
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') {
    throw invalidParam(`Invalid boolean: ${raw}`, { param: name });
  }
  return raw === 'true';
}

export function optionalEnum<T extends string>(
  form: FormObject,
  name: string,
  values: readonly T[],
): T | undefined {
  const raw = text(name, form[name]);
  if (raw === undefined) return undefined;
  if (!(values as readonly string[]).includes(raw)) {
    const list =
      values.length > 1
        ? `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`
        : values.join('');
    throw invalidParam(`Invalid ${name}: must be one of ${list}`, { param: name });
  }
  return raw as T;
}

export function optionalStringArray(form: FormObject, name: string): string[] | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidParam(`Invalid array: ${name}`, { param: name });
  }
  return value as string[];
}

export function optionalObject(form: FormObject, name: string): FormObject | undefined {
  const value = form[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParam('Invalid object', { param: name });
  }
  return value;
}

/** Stripe's documented metadata limits: 50 keys, names up to 40 and values up to 500 characters. */
const METADATA_KEYS = 50;
const METADATA_KEY_LENGTH = 40;
const METADATA_VALUE_LENGTH = 500;

/**
 * Metadata as sent: a value of '' asks to remove that key when the metadata is updated, which
 * `mergeMetadata` applies.
 */
export function optionalMetadata(form: FormObject): Record<string, string> | undefined {
  const value = optionalObject(form, 'metadata');
  if (value === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    const param = `metadata[${key}]`;
    if (typeof v !== 'string') throw invalidParam('Invalid string', { param });
    if (key.length > METADATA_KEY_LENGTH) {
      throw invalidParam(`Metadata keys can be at most ${METADATA_KEY_LENGTH} characters`, {
        param,
      });
    }
    if (v.length > METADATA_VALUE_LENGTH) {
      throw invalidParam(`Metadata values can be at most ${METADATA_VALUE_LENGTH} characters`, {
        param,
      });
    }
    out[key] = v;
  }
  if (Object.keys(out).length > METADATA_KEYS) {
    throw invalidParam(`Metadata can have at most ${METADATA_KEYS} keys`, { param: 'metadata' });
  }
  return out;
}

export function mergeMetadata(
  current: Readonly<Record<string, string>>,
  update: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ ...current, ...update }).filter(([, value]) => value !== ''),
  );
}

/** `expand[]` is accepted so SDK calls that pass it work; the sandbox returns ids unexpanded. */
export const EXPAND = 'expand';
