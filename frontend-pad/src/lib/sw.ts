// Registers dist/sw.js (production builds only). The page knows the app is ready for offline
// use once a worker controls it (`data-sw="ready"` on <html>, which the browser tests wait for).
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const mark = () => {
    if (navigator.serviceWorker.controller) document.documentElement.dataset.sw = 'ready';
  };
  mark();
  navigator.serviceWorker.addEventListener('controllerchange', mark);
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL })
      .then(() => navigator.serviceWorker.ready)
      .then(mark)
      .catch((error) => console.warn('service worker registration failed', error));
  });
}
