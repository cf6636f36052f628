import { z } from 'zod';

/*
 * What PostgreSQL (and PGlite) can hold in text and jsonb: any Unicode text except NUL, which
 * neither type stores, and except an unpaired UTF-16 surrogate, which has no UTF-8 form (jsonb
 * refuses it; a text parameter would silently turn it into U+FFFD). Every string of a document
 * is checked against this in the schema, so such a row is refused as INVALID_INPUT the moment
 * it arrives instead of failing at the database, where it could only be answered INTERNAL.
 */

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const TEXT_RULE = 'must not contain a NUL character or an unpaired surrogate';

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !UNPAIRED_SURROGATE.test(text);
}

/** Any string of a document: chain `.max()`, `.min()`, `.regex()` as on z.string(). */
export const Text = z.string().refine(isStorableText, TEXT_RULE);
