import { invoke } from '@tauri-apps/api/core';
import type { Backend, Codes } from './backend';

export const tauriBackend: Backend = {
  listCodes: () => invoke<Codes>('list_codes'),
};
