import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyThemeChoice, readThemeChoice } from './lib/theme';
import './styles.css';

// Before the first render, so a stored light or dark choice never flashes the other theme.
applyThemeChoice(readThemeChoice());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
