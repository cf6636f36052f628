import { describe, expect, it } from 'vitest';
import { parseForm } from './form';

describe('parseForm', () => {
  it('reads the nested keys the stripe SDK sends', () => {
    const form = parseForm(
      'amount=1000&metadata[order_id]=o%2F1&payment_method_types[0]=card&payment_method_types[1]=link' +
        '&automatic_payment_methods[enabled]=true&expand[]=latest_charge&description=a+b',
    );
    expect(JSON.parse(JSON.stringify(form))).toEqual({
      amount: '1000',
      metadata: { order_id: 'o/1' },
      payment_method_types: ['card', 'link'],
      automatic_payment_methods: { enabled: 'true' },
      expand: ['latest_charge'],
      description: 'a b',
    });
  });

  it('reads percent-encoded brackets, orders indices numerically and keeps empty values', () => {
    const form = parseForm(
      `${encodeURIComponent('list[10]')}=k&${encodeURIComponent('list[2]')}=c&metadata[gone]=`,
    );
    expect(form.list).toEqual(['c', 'k']);
    expect(form.metadata).toEqual({ gone: '' });
  });

  it('treats __proto__ as a plain parameter name', () => {
    const form = parseForm('__proto__[polluted]=yes');
    expect(Object.keys(form)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
