/** One element of a JSON array body: its position (from 1) and its value, or why it is unreadable. */
export type JsonArrayItem =
  | { readonly item: number; readonly value: unknown }
  | { readonly item: number; readonly error: string };

/** The body is not a JSON array at all, or it broke off before its closing bracket. */
export class JsonArrayError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\n', '\r', '\uFEFF']);

/**
 * Reads a JSON array (`application/json`) element by element as the text arrives, so a large
 * body is never held whole: only the element being read is. Elements are delimited by tracking
 * strings and bracket depth, then each is parsed on its own, so one malformed element is that
 * element's error and the ones after it are still read.
 */
export async function* jsonArrayItems(
  chunks: AsyncIterable<string>,
): AsyncGenerator<JsonArrayItem> {
  // before: nothing read yet; between: after `[` or `,`; value: inside an element; after: past `]`.
  let phase = 'before' as 'before' | 'between' | 'value' | 'after';
  let text = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let item = 0;

  const element = (): JsonArrayItem => {
    item += 1;
    const source = text;
    text = '';
    try {
      return { item, value: JSON.parse(source) as unknown };
    } catch {
      return { item, error: 'not valid JSON' };
    }
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as string;
      if (phase === 'value') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth += 1;
        else if ((c === '}' || c === ']') && depth > 0) depth -= 1;
        else if (depth === 0 && (c === ',' || c === ']')) {
          text += chunk.slice(start, i);
          yield element();
          phase = c === ',' ? 'between' : 'after';
        }
        continue;
      }
      if (WHITESPACE.has(c)) continue;
      if (phase === 'before') {
        if (c !== '[')
          throw new JsonArrayError('the body is not a JSON array: it must start with [');
        phase = 'between';
      } else if (phase === 'between') {
        if (c === ']') phase = 'after';
        else if (c === ',') {
          item += 1;
          yield { item, error: 'no value before this comma' };
        } else {
          phase = 'value';
          start = i;
          depth = 0;
          i -= 1; // the first character is read again as part of the value
        }
      } else {
        throw new JsonArrayError('the body has more after the closing ] of its array');
      }
    }
    if (phase === 'value') text += chunk.slice(start);
  }
  switch (phase) {
    case 'after':
      return;
    case 'before':
      throw new JsonArrayError('the body is empty: send a JSON array of rows');
    default:
      throw new JsonArrayError(
        'the JSON array is not closed with ]: the upload may have been cut short',
      );
  }
}
