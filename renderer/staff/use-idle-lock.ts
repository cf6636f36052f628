import { useEffect } from 'react';
import { session, useStaffSession } from './session-store';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 1000;

/** True once `idleSeconds` have passed since the last activity; 0 means never. */
export function idleExpired(lastActivity: number, now: number, idleSeconds: number): boolean {
  return idleSeconds > 0 && now - lastActivity >= idleSeconds * 1000;
}

/** Locks the register after `idleSeconds` without a touch or key press; 0 never locks. */
export function useIdleLock(idleSeconds: number): void {
  const signedIn = useStaffSession((s) => s.staff !== null);
  useEffect(() => {
    if (!signedIn || idleSeconds <= 0) return;
    const touch = () => session.touch();
    for (const type of ACTIVITY) window.addEventListener(type, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (idleExpired(useStaffSession.getState().lastActivity, Date.now(), idleSeconds)) {
        session.lock();
      }
    }, CHECK_EVERY_MS);
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, touch);
      window.clearInterval(timer);
    };
  }, [signedIn, idleSeconds]);
}
