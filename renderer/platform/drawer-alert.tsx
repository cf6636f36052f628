import { useStore } from 'zustand';
import { drawerAlert } from './drawer';

export function DrawerAlert() {
  const message = useStore(drawerAlert, (s) => s.message);
  if (!message) return null;
  return (
    <div role="alert" className="alert drawer-alert">
      {message}{' '}
      <button
        type="button"
        className="secondary small"
        onClick={() => drawerAlert.setState({ message: null })}
      >
        Dismiss
      </button>
    </div>
  );
}
