/**
 * Runs sandboxed, before the page: exposes the contract's named functions on window.api and
 * nothing else of Electron.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  EVENT_NAMES,
  METHOD_NAMES,
  eventChannel,
  methodChannel,
  type Api,
  type EventName,
  type EventPayloads,
  type Handlers,
} from './contract';

const methods = Object.fromEntries(
  METHOD_NAMES.map((name) => [name, (...args: unknown[]) => ipcRenderer.invoke(methodChannel(name), ...args)]),
) as Handlers;

const api: Api = {
  ...methods,
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) {
    if (!EVENT_NAMES.includes(event)) throw new Error(`unknown event ${event}`);
    const forward = (_event: IpcRendererEvent, payload: EventPayloads[E]): void => {
      listener(payload);
    };
    ipcRenderer.on(eventChannel(event), forward);
    return () => {
      ipcRenderer.removeListener(eventChannel(event), forward);
    };
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('api', api);
