/// <reference types="vite/client" />
import type { Api } from '../../preload/contract';

declare global {
  interface Window {
    api: Api;
  }
}
