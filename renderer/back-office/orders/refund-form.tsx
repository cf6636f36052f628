import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { z } from 'zod';
import type { OfficeStore } from '../../../domain/back-office';
import { uuidv7 } from '../../../domain/ids';
import { parseMoney } from '../../../domain/money';
import { officeApi } from '../api';
import { money, words } from '../format';

const Requested = z.object({ id: z.string(), status: z.string(), amount: z.number() });

/**
 * Refund an amount of an order to its original tenders (the server's allocation rule splits it),
 * after a confirmation. The request id is made when the form opens and kept through retries, so
 * a double click or a lost answer never refunds twice.
 */
export function RefundForm({
  store,
  orderId,
  refundable,
}: {
  store: OfficeStore;
  orderId: string;
  /** Captured and not yet refunded, in minor units. */
  refundable: number;
}) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [requestId, setRequestId] = useState('');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const refund = useMutation({
    mutationFn: (amount: number) =>
      officeApi(`/api/office/stores/${store.id}/orders/${orderId}/refunds`, Requested, {
        method: 'POST',
        body: { request_id: requestId, amount, reason: reason.trim() },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['order', store.id, orderId] }),
  });
  const amount = parseMoney(amountText, store.currency);

  const start = () => {
    setRequestId(uuidv7());
    setAmountText('');
    setReason('');
    setConfirming(false);
    setProblem(null);
    refund.reset();
    setOpen(true);
  };
  const review = (event: FormEvent) => {
    event.preventDefault();
    if (amount === null || amount <= 0) return setProblem('Enter an amount, like 12.50.');
    if (amount > refundable) {
      return setProblem(`At most ${money(refundable, store)} can be refunded.`);
    }
    if (!reason.trim()) return setProblem('Say why.');
    setProblem(null);
    setConfirming(true);
  };

  if (!open) {
    return (
      <button type="button" onClick={start} disabled={refundable <= 0}>
        Refund…
      </button>
    );
  }
  if (refund.isSuccess) {
    return (
      <div className="refund-form" role="status">
        <p>
          Refund of {money(refund.data.amount, store)} requested: {words(refund.data.status)}. The
          refunds list shows when it settles.
        </p>
        <button type="button" onClick={() => setOpen(false)}>
          Done
        </button>
      </div>
    );
  }
  if (confirming && amount !== null) {
    return (
      <div className="refund-form" role="group" aria-label="Confirm the refund">
        <p>
          Refund <strong>{money(amount, store)}</strong> to the original tenders, because “
          {reason.trim()}”?
        </p>
        {refund.isError && (
          <p className="error" role="alert">
            {refund.error.message}
          </p>
        )}
        <button
          type="button"
          className="primary"
          disabled={refund.isPending}
          onClick={() => refund.mutate(amount)}
        >
          {refund.isPending ? 'Refunding…' : 'Confirm refund'}
        </button>{' '}
        <button type="button" disabled={refund.isPending} onClick={() => setConfirming(false)}>
          Back
        </button>
      </div>
    );
  }
  return (
    <form className="refund-form" onSubmit={review} aria-label="Refund">
      <label>
        Amount
        <input
          inputMode="decimal"
          value={amountText}
          onChange={(e) => setAmountText(e.target.value)}
          placeholder={money(refundable, store)}
        />
      </label>
      <label>
        Reason
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="primary">
        Review refund
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
