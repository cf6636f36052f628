import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

/** The latest value of an observable; memoise the observable so each render does not resubscribe. */
export function useObservable<T>(source: Observable<T>, initial: T): T {
  const [value, setValue] = useState<{ source: Observable<T>; value: T }>({
    source,
    value: initial,
  });
  useEffect(() => {
    const sub = source.subscribe((next) => setValue({ source, value: next }));
    return () => sub.unsubscribe();
  }, [source]);
  // A value from a previous source is stale the moment the source changes.
  return value.source === source ? value.value : initial;
}
