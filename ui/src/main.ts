import { mount } from 'svelte';
import { getCurrentWindow } from '@tauri-apps/api/window';
import App from './App.svelte';
import Quick from './Quick.svelte';
import { tauriBackend } from './lib/tauri-backend';
import './app.css';

// One page, two windows: the app, and the quick search box the global shortcut opens.
const Root = getCurrentWindow().label === 'quick' ? Quick : App;
mount(Root, { target: document.getElementById('app')!, props: { backend: tauriBackend } });
