// The official <openai-chatkit> element: its script lives only on OpenAI's CDN, so it is loaded
// once per page (the module itself is evaluated once per widget) and may fail to load.

const TAG = "openai-chatkit";

type LoaderState = { scripts: Map<string, Promise<void>> };

function loaderState(): LoaderState {
  const g = globalThis as typeof globalThis & { __chatkitNotebookLoader?: LoaderState };
  g.__chatkitNotebookLoader ??= { scripts: new Map() };
  return g.__chatkitNotebookLoader;
}

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms);
  });
}

function injectScript(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove();
      reject(new Error(`could not load ${url} (offline, blocked by a proxy or CSP?)`));
    };
    document.head.appendChild(script);
  });
}

/** Resolves once `<openai-chatkit>` is defined; a failed load may be retried later. */
export function loadOfficialElement(url: string, timeoutMs: number): Promise<void> {
  if (customElements.get(TAG)) return Promise.resolve();
  const { scripts } = loaderState();
  let loading = scripts.get(url);
  if (!loading) {
    loading = injectScript(url).then(() => customElements.whenDefined(TAG).then(() => undefined));
    scripts.set(url, loading);
    loading.catch(() => scripts.delete(url));
  }
  return Promise.race([loading, timeout(timeoutMs, `loading ${url}`)]);
}

export function createOfficialElement(): HTMLElement {
  return document.createElement(TAG);
}
