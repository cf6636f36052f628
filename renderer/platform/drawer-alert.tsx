import { useStore } from 'zustand';
import { screenStore } from '../ui/screen-store';

export function DrawerAlert() {
  const message = useStore(screenStore, (s) => s.drawerAlert);
  if (!message) return null;
  return (
    <div role="alert" className="alert drawer-alert">
      {message}{' '}
      <button
        type="button"
        className="secondary small"
        onClick={() => screenStore.setState({ drawerAlert: null })}
      >
        Dismiss
      </button>
    </div>
  );
}
