import { screenStore } from '../ui/screen-store';

export const openSyncPanel = () => screenStore.setState({ syncDetailsOpen: true });
export const closeSyncPanel = () => screenStore.setState({ syncDetailsOpen: false });
