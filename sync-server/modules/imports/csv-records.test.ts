import { describe, expect, it } from 'vitest';
import { csvRecords, CsvSyntaxError } from './csv-records';
import { jsonArrayItems } from './json-array';
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

describe('jsonArrayItems', () => {
  it('reads each element of an array however the text is cut, brackets and commas in strings too', async () => {
    const text =
      '\uFEFF [ {"sku":"A,1","name":"say \\"]\\" [ok]"},\n {"tags":[1,[2,3]],"o":{"x":"}"}} ,\n"plain", 42 ]\n';
    const expected = [
      { item: 1, value: { sku: 'A,1', name: 'say "]" [ok]' } },
      { item: 2, value: { tags: [1, [2, 3]], o: { x: '}' } } },
      { item: 3, value: 'plain' },
      { item: 4, value: 42 },
    ];
    for (const size of [1, 2, 3, 5, 1000]) {
      expect(await all(jsonArrayItems(chunks(text, size)))).toEqual(expected);
    }
    expect(await all(jsonArrayItems(chunks(' [ ] ', 2)))).toEqual([]);
  });

  it('marks an unreadable element and reads on past it', async () => {
    const items = await all(jsonArrayItems(chunks('[{"a":1},{oops},,{"b":2}]', 4)));
    expect(items).toEqual([
      { item: 1, value: { a: 1 } },
      { item: 2, error: 'not valid JSON' },
      { item: 3, error: 'no value before this comma' },
      { item: 4, value: { b: 2 } },
    ]);
  });

  it('refuses a body that is not an array, is empty, is cut short or goes on after it', async () => {
    const read = (text: string) => all(jsonArrayItems(chunks(text, 3)));
    await expect(read('{"rows":[]}')).rejects.toThrow(/must start with \[/);
    await expect(read('  ')).rejects.toThrow(/empty/);
    await expect(read('[{"a":1},{"b":')).rejects.toThrow(/not closed/);
    await expect(read('[{"a":"]')).rejects.toThrow(/not closed/);
    await expect(read('[1] [2]')).rejects.toThrow(/more after/);
  });
});
