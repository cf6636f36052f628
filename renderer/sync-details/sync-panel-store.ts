import { createStore } from 'zustand/vanilla';

export const syncPanelStore = createStore<{ readonly open: boolean }>()(() => ({ open: false }));
export const openSyncPanel = () => syncPanelStore.setState({ open: true });
export const closeSyncPanel = () => syncPanelStore.setState({ open: false });
