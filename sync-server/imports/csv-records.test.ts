import { describe, expect, it } from 'vitest';
import { csvRecords, CsvSyntaxError } from './csv-records';
import { jsonLines } from './json-lines';

async function* chunks(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function all<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

describe('csvRecords', () => {
  const text =
    '\uFEFFsku,name,note\r\nA-1,"Tea, green","says ""hi"""\r\n\r\nB-2,"two\nlines",\nC-3,plain,last';

  it('reads quoted commas, doubled quotes, line breaks in quotes and CRLF, however the text is cut', async () => {
    const expected = [
      { record: 1, fields: ['sku', 'name', 'note'] },
      { record: 2, fields: ['A-1', 'Tea, green', 'says "hi"'] },
      { record: 4, fields: ['B-2', 'two\nlines', ''] },
      { record: 5, fields: ['C-3', 'plain', 'last'] },
    ];
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(await all(csvRecords(chunks(text, size)))).toEqual(expected);
    }
  });

  it('says which record has a quote left open', async () => {
    await expect(all(csvRecords(chunks('a,b\n1,"open\n', 4)))).rejects.toEqual(
      new CsvSyntaxError(2, 'a quoted field is not closed'),
    );
  });
});

describe('jsonLines', () => {
  it('numbers lines as an editor does and marks the unreadable ones', async () => {
    const lines = await all(jsonLines(chunks('{"a":1}\n\n{oops}\n{"b":"x\\ny"}', 3)));
    expect(lines).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, error: 'not valid JSON' },
      { line: 4, value: { b: 'x\ny' } },
    ]);
  });
});
