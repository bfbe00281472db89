// Theme preference: light, dark or system (follows prefers-color-scheme). boot.js applies
// the saved choice before the first paint; this module changes it.
const KEY = 'hearth.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

export const getTheme = () => localStorage.getItem(KEY) || 'system';

function apply() {
  const pref = getTheme();
  const dark = pref === 'dark' || (pref === 'system' && media.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function setTheme(pref) {
  localStorage.setItem(KEY, pref);
  apply();
}

media.addEventListener('change', apply);
apply();
