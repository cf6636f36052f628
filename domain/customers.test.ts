import { describe, expect, it } from 'vitest';
import { matchesCustomer, normaliseEmail, normalisePhone, validateNewCustomer } from './customers';

describe('normalising contact details', () => {
  it('spells an email one way whatever the case and spacing', () => {
    expect(normaliseEmail('  DANA@Example.COM ')).toBe('dana@example.com');
    expect(normaliseEmail('')).toBe('');
  });

  it('keeps only the digits of a phone number and a leading +', () => {
    expect(normalisePhone(' +1 (555) 010-0 ')).toBe('+15550100');
    expect(normalisePhone('0171 555.0100')).toBe('01715550100');
    expect(normalisePhone('+')).toBe('');
    expect(normalisePhone('')).toBe('');
  });
});

describe('validating a new customer', () => {
  it('accepts a name with an email, normalised', () => {
    expect(validateNewCustomer({ name: ' Dana ', email: 'DANA@example.com', phone: '' })).toEqual({
      ok: true,
      value: { name: 'Dana', email: 'dana@example.com', phone: '' },
    });
  });

  it('accepts a name with a phone number only', () => {
    const result = validateNewCustomer({ name: 'Dana', email: '', phone: '+44 20 7946 0958' });
    expect(result).toEqual({
      ok: true,
      value: { name: 'Dana', email: '', phone: '+442079460958' },
    });
  });

  it('refuses a customer without a name, naming the field', () => {
    const result = validateNewCustomer({ name: '  ', email: 'dana@example.com', phone: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.details).toEqual({ name: 'Enter the customer’s name.' });
  });

  it('refuses a name alone: without email or phone the server could never merge it', () => {
    const result = validateNewCustomer({ name: 'Dana', email: ' ', phone: '' });
    expect(!result.ok && result.error.details).toEqual({
      contact: 'Enter an email address or a phone number.',
    });
  });

  it.each(['dana', 'dana@', 'dana@example', 'da na@example.com', 'dana@example..com'])(
    'refuses the email %j',
    (email) => {
      const result = validateNewCustomer({ name: 'Dana', email, phone: '' });
      expect(!result.ok && Object.keys(result.error.details ?? {})).toEqual(['email']);
    },
  );

  it.each(['12345', '+1 234', '1'.repeat(21), 'call me', '555+0100'])(
    'refuses the phone number %j',
    (phone) => {
      const result = validateNewCustomer({ name: 'Dana', email: '', phone });
      expect(!result.ok && Object.keys(result.error.details ?? {})).toEqual(['phone']);
    },
  );

  it('accepts phone numbers of 6 and of 20 digits', () => {
    for (const phone of ['123456', '1'.repeat(20)]) {
      expect(validateNewCustomer({ name: 'Dana', email: '', phone }).ok).toBe(true);
    }
  });

  it('reports every problem at once', () => {
    const result = validateNewCustomer({ name: '', email: 'nope', phone: '12' });
    expect(!result.ok && Object.keys(result.error.details ?? {}).sort()).toEqual([
      'email',
      'name',
      'phone',
    ]);
  });
});

describe('matching a search typed at the register', () => {
  const dana = { name: 'Dana Dupont', email: 'dana@example.com', phone: '+15550100' };

  it('finds by any part of the name or email, ignoring case', () => {
    for (const query of ['dana', 'DUPONT', 'dana dup', 'example.com', ' Dana@Ex ']) {
      expect(matchesCustomer(dana, query)).toBe(true);
    }
    expect(matchesCustomer(dana, 'dana smith')).toBe(false);
  });

  it('finds by phone number whatever punctuation is typed', () => {
    expect(matchesCustomer(dana, '555-01')).toBe(true);
    expect(matchesCustomer(dana, '+1 555 0100')).toBe(true);
    expect(matchesCustomer(dana, '999')).toBe(false);
  });

  it('matches everyone on an empty query', () => {
    expect(matchesCustomer(dana, '  ')).toBe(true);
  });
});
