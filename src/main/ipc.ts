import type { IpcMain, WebFrameMain } from 'electron';
import { METHOD_NAMES, methodChannel, type Handlers } from '../preload/contract';
import { dispatch } from './api';

/**
 * Binds every contract method to ipcMain. A call is served only when it comes from the app's
 * own frame, and only with arguments that pass the contract's checks.
 */
export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  isTrustedFrame: (frame: WebFrameMain | null) => boolean,
): void {
  for (const name of METHOD_NAMES) {
    ipcMain.handle(methodChannel(name), (event, ...args: unknown[]) => {
      if (!isTrustedFrame(event.senderFrame)) {
        return Promise.reject(new Error(`${name} refused: the call did not come from the app window`));
      }
      return dispatch(handlers, name, args);
    });
  }
}
