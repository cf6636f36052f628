import { createContext, useContext } from 'react';
import type { TillDatabase } from '../db/database';
import { bridgePlatform } from './bridge-platform';
import { browserPlatform } from './browser-platform';
import type { Platform } from './platform';

/** The shell's bridge where the preload put one, else what the browser itself can do. */
export function platformFor(win: Window, db: TillDatabase): Platform {
  return win.opentill ? bridgePlatform(win.opentill, db) : browserPlatform(db);
}

const PlatformContext = createContext<Platform | null>(null);

export const PlatformProvider = PlatformContext.Provider;

export function usePlatform(): Platform {
  const platform = useContext(PlatformContext);
  if (!platform) throw new Error('usePlatform needs a PlatformProvider above it');
  return platform;
}
