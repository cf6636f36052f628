import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type OpenTillBridge } from './contract';

// Each capability by name, never ipcRenderer itself: the page can ask for these and nothing else.
const bridge = {
  getShellInfo: () => ipcRenderer.invoke(IPC.getShellInfo),
  getSecret: (name) => ipcRenderer.invoke(IPC.getSecret, name),
  setSecret: (name, value) => ipcRenderer.invoke(IPC.setSecret, name, value),
  clearSecret: (name) => ipcRenderer.invoke(IPC.clearSecret, name),
  getSettings: () => ipcRenderer.invoke(IPC.getSettings),
  saveSettings: (settings) => ipcRenderer.invoke(IPC.saveSettings, settings),
  listPrinters: () => ipcRenderer.invoke(IPC.listPrinters),
  printReceiptPage: () => ipcRenderer.invoke(IPC.printReceiptPage),
  printEscPosReceipt: (receipt) => ipcRenderer.invoke(IPC.printEscPosReceipt, receipt),
  printTestPage: (printer) => ipcRenderer.invoke(IPC.printTestPage, printer),
  kickDrawer: () => ipcRenderer.invoke(IPC.kickDrawer),
  setSaleInProgress: (inProgress) => ipcRenderer.invoke(IPC.setSaleInProgress, inProgress),
  getUpdateStatus: () => ipcRenderer.invoke(IPC.getUpdateStatus),
  applyUpdate: () => ipcRenderer.invoke(IPC.applyUpdate),
} satisfies OpenTillBridge;

contextBridge.exposeInMainWorld('opentill', bridge);
