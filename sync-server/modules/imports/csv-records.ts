/*
 * A streaming RFC 4180 reader: records come out as the text arrives, so a large file is never
 * held in memory. Quoted fields may hold commas, line breaks and doubled quotes; CRLF and LF
 * both end a record; a byte-order mark at the start is dropped; blank lines are skipped.
 */

export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    readonly record: number,
    message: string,
  ) {
    super(message);
  }
}

/** Each record's fields with its number, counting from 1 as a spreadsheet numbers rows. */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
): AsyncGenerator<{ readonly record: number; readonly fields: string[] }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  // Just left a quoted section: a quote now is an escaped quote, anything else ends the quoting.
  let closedQuote = false;
  let fieldStarted = false;
  let record = 0;
  let first = true;
  for await (const raw of chunks) {
    const chunk = first && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
    first = false;
    let i = 0;
    while (i < chunk.length) {
      if (quoted) {
        const end = chunk.indexOf('"', i);
        if (end === -1) {
          field += chunk.slice(i);
          break;
        }
        field += chunk.slice(i, end);
        quoted = false;
        closedQuote = true;
        i = end + 1;
        continue;
      }
      const c = chunk[i] as string;
      i += 1;
      if (c === '"') {
        if (closedQuote) field += '"';
        if (closedQuote || !fieldStarted) {
          quoted = true;
          closedQuote = false;
          fieldStarted = true;
          continue;
        }
      }
      closedQuote = false;
      if (c === ',') {
        fields.push(field);
        field = '';
        fieldStarted = false;
      } else if (c === '\n') {
        fields.push(field);
        record += 1;
        if (fields.length > 1 || fields[0] !== '') yield { record, fields };
        fields = [];
        field = '';
        fieldStarted = false;
      } else if (c !== '\r') {
        field += c;
        fieldStarted = true;
      }
    }
  }
  if (quoted) throw new CsvSyntaxError(record + 1, 'a quoted field is not closed');
  if (fieldStarted || fields.length > 0) {
    fields.push(field);
    yield { record: record + 1, fields };
  }
}
