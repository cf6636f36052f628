/** One line of a JSON-lines body: its number (from 1) and its value, or why it is unreadable. */
export type JsonLine =
  | { readonly line: number; readonly value: unknown }
  | { readonly line: number; readonly error: string };

/**
 * Reads JSON lines (one JSON value per line, `application/x-ndjson`) as the text arrives, so a
 * large body is never held whole. Blank lines are skipped but counted, so numbers match an
 * editor's.
 */
export async function* jsonLines(chunks: AsyncIterable<string>): AsyncGenerator<JsonLine> {
  let rest = '';
  let line = 0;
  const parse = (text: string): JsonLine | null => {
    line += 1;
    const trimmed = text.trim();
    if (trimmed === '') return null;
    try {
      return { line, value: JSON.parse(trimmed) as unknown };
    } catch {
      return { line, error: 'not valid JSON' };
    }
  };
  for await (const chunk of chunks) {
    rest += chunk;
    let start = 0;
    let end = rest.indexOf('\n');
    while (end !== -1) {
      const parsed = parse(rest.slice(start, end));
      if (parsed) yield parsed;
      start = end + 1;
      end = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
  }
  const last = parse(rest);
  if (last) yield last;
}
