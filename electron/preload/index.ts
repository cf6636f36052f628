import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type OpenTillBridge } from './contract';

const bridge = {
  getShellInfo: () => ipcRenderer.invoke(IPC.getShellInfo),
} satisfies OpenTillBridge;

contextBridge.exposeInMainWorld('opentill', bridge);
