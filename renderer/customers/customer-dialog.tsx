import { useId, useMemo, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useCustomers } from '../data/use-customers';
import { attachCustomer, closeCustomerDialog } from './customer-actions';
import { contactOf, createCustomer, findCustomers } from './customers';
import { useRegister } from '../register/register-context';

const EMPTY_FORM = { name: '', email: '', phone: '' };

/**
 * Finds a customer in this register's copy of the store's customers as the cashier types, or
 * creates one, online or not. The list is held in memory while the dialog is open, so each
 * keystroke filters it without another database read.
 */
export function CustomerDialog() {
  const { db, store } = useRegister();
  const { id: storeId } = store;
  const [query, setQuery] = useState('');
  const [form, setForm] = useState(EMPTY_FORM);
  const [problems, setProblems] = useState<Readonly<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const customers = useCustomers(db);
  const results = useMemo(() => findCustomers(customers, query), [customers, query]);

  function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const first = results[0];
    if (query.trim() !== '' && first) attachCustomer(first.id);
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await createCustomer(db, form, storeId);
    setBusy(false);
    if (!result.ok) {
      setProblems(result.error.details ?? { form: result.error.message });
      return;
    }
    attachCustomer(result.value.id);
  }

  const field = (key: keyof typeof EMPTY_FORM, label: string, type: string) => (
    <label>
      {label}
      <input
        type={type}
        autoComplete="off"
        value={form[key]}
        aria-invalid={problems[key] !== undefined}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        className="panel dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') closeCustomerDialog();
        }}
      >
        <h2 id={headingId}>Attach customer</h2>
        <label>
          Search customers
          <input
            type="search"
            autoFocus
            autoComplete="off"
            placeholder="Name, email or phone"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onSearchKey}
          />
        </label>
        <ul className="results" aria-label="Customers">
          {results.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="result"
                aria-label={`Attach ${c.name}`}
                onClick={() => attachCustomer(c.id)}
              >
                <span>{c.name}</span> <span className="muted">{contactOf(c)}</span>
              </button>
            </li>
          ))}
        </ul>
        {results.length === 0 && (
          <p className="muted">
            {customers.length === 0 ? 'No customers on this register yet.' : 'No customer matches.'}
          </p>
        )}
        <form aria-label="New customer" noValidate onSubmit={(e) => void create(e)}>
          <h3>New customer</h3>
          {field('name', 'Name', 'text')}
          {field('email', 'Email', 'email')}
          {field('phone', 'Phone', 'tel')}
          {Object.keys(problems).length > 0 && (
            <p role="alert" className="alert">
              {Object.values(problems).join(' ')}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Create and attach
            </button>
            <button type="button" onClick={closeCustomerDialog}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
