import { create } from 'zustand';
import { uuidv7 } from '../../domain/ids';
import type { DraftOrderDoc, TaxRateDoc } from '../../domain/schemas';
import { EMPTY_CART } from '../cart/cart';
import type { TillDatabase } from '../db/database';
import { useRegisterUi } from '../register/ui-store';
import { draftToCart, nextRevision, parkDraft } from './drafts';
import type { ActiveDraft } from './drafts';

/*
 * Which parked sale the cart came from, and what the cashier must be told about drafts. Kept
 * apart from the cart so parking and resuming never race the cart's own edits.
 */
export interface DraftUi {
  /** False until the remembered active draft has been read back after a reload. */
  readonly loaded: boolean;
  readonly active: ActiveDraft | null;
  /** A plain-words notice: a lost resume, or a parked or failed write. */
  readonly notice: { readonly kind: 'alert' | 'status'; readonly text: string } | null;
}

export const useDraftUi = create<DraftUi>()(() => ({ loaded: false, active: null, notice: null }));

const setDraftUi = useDraftUi.setState;

export function restoredActiveDraft(active: ActiveDraft | null): void {
  setDraftUi({ loaded: true, active });
}

export function draftFailed(what: string, e: unknown): void {
  setDraftUi({ notice: { kind: 'alert', text: `${what}: ${(e as Error).message}` } });
}

export function clearDraftNotice(): void {
  setDraftUi({ notice: null });
}

const short = (deviceId: string) => deviceId.slice(-6);

/** Takes a draft's lines out of the cart after another register won it, and says so. */
export function loseActiveDraft(active: ActiveDraft, winner: DraftOrderDoc): void {
  const gone = new Set(active.line_ids);
  useRegisterUi.setState((s) => {
    const lines = s.cart.lines.filter((l) => !gone.has(l.line_id));
    const cart = lines.length === 0 ? EMPTY_CART : { ...s.cart, lines };
    return { cart, paying: s.paying && lines.length > 0, tenderedText: '' };
  });
  const where =
    winner.device_id === 'back-office' ? 'back office' : `register …${short(winner.device_id)}`;
  const what =
    winner.status === 'completed'
      ? 'completed on another register'
      : winner.status === 'discarded'
        ? 'discarded'
        : winner.status === 'parked'
          ? 'parked again on another register'
          : 'resumed on another register';
  setDraftUi({
    active: null,
    notice: {
      kind: 'alert',
      text: `This sale (${active.label}) was ${what} (${where}) — it has been removed from your cart.`,
    },
  });
}

export async function parkCart(
  db: TillDatabase,
  opts: {
    readonly storeId: string;
    readonly deviceId: string;
    readonly staffId: string;
    readonly label: string;
    readonly taxRates: ReadonlyMap<string, TaxRateDoc>;
  },
): Promise<void> {
  const { cart } = useRegisterUi.getState();
  if (cart.lines.length === 0) return;
  // A parked sale carries no tenders: money taken must be completed here or handed back first.
  if ((cart.tenders ?? []).length > 0) {
    throw new Error('payment was already taken; complete the sale or remove its tenders first');
  }
  const { active } = useDraftUi.getState();
  const resumed = active
    ? ((await db.draft_orders.findOne(active.draft_id).exec())?.toJSON() as
        DraftOrderDoc | undefined)
    : undefined;
  const draft = parkDraft({
    ...opts,
    cart,
    now: new Date(),
    newId: uuidv7,
    // A draft someone else has taken since is not ours to overwrite: park a new one.
    resumed: resumed && resumed.device_id === opts.deviceId ? resumed : null,
  });
  await db.draft_orders.upsert(draft);
  useRegisterUi.setState({ cart: EMPTY_CART, paying: false, tenderedText: '', lastSale: null });
  setDraftUi({ active: null, notice: { kind: 'status', text: `Parked ${draft.label}` } });
}

/** Claims a parked draft for this register and loads its lines into the (empty) cart. */
export async function resumeDraft(db: TillDatabase, id: string, deviceId: string): Promise<void> {
  if (useRegisterUi.getState().cart.lines.length > 0) return;
  const doc = await db.draft_orders.findOne(id).exec();
  if (!doc) return;
  const current = doc.toJSON() as DraftOrderDoc;
  if (current.status !== 'parked') {
    setDraftUi({
      notice: { kind: 'alert', text: `${current.label} is no longer parked: it was just taken.` },
    });
    return;
  }
  const next = nextRevision(current, 'resumed', deviceId, new Date());
  await doc.incrementalPatch({
    status: next.status,
    revision: next.revision,
    device_id: next.device_id,
    updated_at: next.updated_at,
  });
  useRegisterUi.setState({ cart: draftToCart(next), lastSale: null, alert: null });
  setDraftUi({
    active: {
      draft_id: next.id,
      revision: next.revision,
      label: next.label,
      line_ids: next.lines.map((l) => l.id),
    },
    notice: null,
  });
}

/** Marks the resumed draft the completed sale came from as completed. */
export async function completeActiveDraft(db: TillDatabase, deviceId: string): Promise<void> {
  const { active } = useDraftUi.getState();
  if (!active) return;
  setDraftUi({ active: null });
  const doc = await db.draft_orders.findOne(active.draft_id).exec();
  if (!doc) return;
  const current = doc.toJSON() as DraftOrderDoc;
  if (current.device_id !== deviceId || current.status !== 'resumed') return;
  const next = nextRevision(current, 'completed', deviceId, new Date());
  await doc.incrementalPatch({
    status: next.status,
    revision: next.revision,
    updated_at: next.updated_at,
  });
}
