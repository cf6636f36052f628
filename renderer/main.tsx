import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isCollectionName } from '../domain/schemas';
import { App } from './app';
import { savedCartLines } from './cart/use-cart-persistence';
import { openDatabase } from './db/database';
import type { TillDatabase } from './db/database';
import { PlatformProvider, platformFor } from './platform/platform-context';
import './styles.css';

/**
 * Test and benchmark hook, present in every build on purpose: end-to-end tests and `npm run bench`
 * wait on it (e.g. until the products count reaches N). Read-only; it exposes no documents and
 * no credentials.
 */
export interface OpentillTestHook {
  /** Resolves once the local database is open; rejects if it cannot be opened. */
  readonly ready: Promise<void>;
  /** Number of documents in a local collection. */
  collectionCount(name: string): Promise<number>;
  /** Number of lines in the cart as saved on the device (what a crash would leave). */
  savedCartLines(): Promise<number>;
}

declare global {
  interface Window {
    __opentill?: OpentillTestHook;
  }
}

const database: Promise<TillDatabase> = openDatabase();

window.__opentill = Object.freeze({
  ready: database.then(() => undefined),
  async collectionCount(name: string) {
    if (!isCollectionName(name)) throw new Error(`unknown collection ${name}`);
    const db = await database;
    return db.collections[name].count().exec();
  },
  async savedCartLines() {
    return savedCartLines(await database);
  },
});

const root = createRoot(document.getElementById('root') as HTMLElement);
database.then(
  (db) => {
    const platform = platformFor(window, db);
    root.render(
      <StrictMode>
        <PlatformProvider value={platform}>
          <App db={db} secrets={platform.secrets} />
        </PlatformProvider>
      </StrictMode>,
    );
  },
  (e: unknown) => {
    console.error('could not open the local database', e);
    root.render(
      <p role="alert" className="alert">
        The register cannot open its local database: {(e as Error).message}
      </p>,
    );
  },
);
