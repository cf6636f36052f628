import { useMemo } from 'react';
import { of } from 'rxjs';
import type { CustomerDoc } from '../../domain/schemas';
import { useObservable } from '../data/use-observable';
import { useRegisterUi } from '../register/ui-store';
import { detachCustomer, openCustomerDialog, useCustomerDialog } from './customer-actions';
import { CustomerDialog } from './customer-dialog';
import { contactOf, survivingCustomer$ } from './customers';
import { useRegister } from '../register/register-context';

/** The customer line of the cart: who the sale is for, or a way to say so. */
export function CartCustomer() {
  const { db } = useRegister();
  const customerId = useRegisterUi((s) => s.cart.customer_id ?? null);
  const dialogOpen = useCustomerDialog((s) => s.open);
  const source = useMemo(
    () => (customerId === null ? of(null) : survivingCustomer$(db, customerId)),
    [db, customerId],
  );
  const customer = useObservable<CustomerDoc | null>(source, null);

  return (
    <section className="cart-customer" aria-label="Customer">
      {customerId === null ? (
        <button type="button" onClick={openCustomerDialog}>
          Attach customer
        </button>
      ) : (
        <>
          <p className="attached-customer">
            Customer:{' '}
            {customer ? (
              <>
                <strong>{customer.name}</strong>{' '}
                <span className="muted">{contactOf(customer)}</span>
              </>
            ) : (
              // Attached from a parked sale whose customer has not reached this register yet.
              <span className="muted">…{customerId.slice(-6)}</span>
            )}
          </p>
          <div className="actions">
            <button type="button" onClick={openCustomerDialog}>
              Change customer
            </button>
            <button type="button" className="secondary" onClick={detachCustomer}>
              Detach customer
            </button>
          </div>
        </>
      )}
      {dialogOpen && <CustomerDialog />}
    </section>
  );
}
