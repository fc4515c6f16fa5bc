import { mount } from 'svelte';
import App from './App.svelte';
import { tauriBackend } from './lib/tauri-backend';
import './app.css';

mount(App, { target: document.getElementById('app')!, props: { backend: tauriBackend } });
