// Test helpers: a real @hocuspocus/provider on a Node WebSocket (the `ws` package, so that it can
// send a cookie header), and condition waits instead of sleeps.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { storedDoc } from './store.ts';

/** Polls until check() returns a truthy value, or fails with `what` after timeoutMs. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface TestProvider {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  /** The scope of the latest successful authentication ('read-write' | 'readonly'). */
  scope?: string;
  /** The reason of the latest refusal. */
  failure?: string;
  /** How many times the socket or the server closed the connection. */
  closes: number;
  /** The shared Y.Text the tests type into. */
  text(): string;
  type(s: string): void;
  /** Authenticated, first sync done and every local change acknowledged by the server. */
  saved(): boolean;
  destroy(): void;
}

/**
 * Opens a provider on `url` (ws://host:port/collab). `cookie` (and any other `headers`) go in the
 * upgrade request like a browser's; `token` is the provider's token (a bearer token for scripts).
 */
export function openProvider(opts: { url: string; name: string; cookie?: string; headers?: Record<string, string>; token?: string; doc?: Y.Doc }): TestProvider {
  const headers = { ...opts.headers, ...(opts.cookie ? { cookie: opts.cookie } : {}) };
  class CookieWebSocket extends WebSocket {
    constructor(address: string) {
      super(address, { headers });
      // The provider drops its listeners before closing a socket that may still be connecting.
      this.on('error', () => {});
    }
  }
  const doc = opts.doc ?? new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: opts.url,
    WebSocketPolyfill: CookieWebSocket,
    // Reconnect quickly: the tests restart servers under the providers.
    delay: 100,
    minDelay: 100,
    maxDelay: 500,
  });
  const t: TestProvider = {
    doc,
    closes: 0,
    provider: new HocuspocusProvider({
      websocketProvider: socket,
      name: opts.name,
      document: doc,
      token: opts.token ?? null,
      onAuthenticated: ({ scope }) => {
        t.scope = scope;
        t.failure = undefined;
      },
      onAuthenticationFailed: ({ reason }) => {
        t.failure = reason;
      },
      onClose: () => {
        t.closes += 1;
      },
    }),
    text: () => doc.getText('t').toString(),
    type: (s) => {
      const text = doc.getText('t');
      text.insert(text.length, s);
    },
    saved: () => t.provider.isAuthenticated && t.provider.synced && !t.provider.hasUnsyncedChanges,
    destroy: () => {
      t.provider.destroy();
      socket.destroy();
    },
  };
  t.provider.attach();
  return t;
}

/** The text (Y.Text 't') of a document rebuilt from a stored state and update log. */
export const storedText = (state: Uint8Array | null, updates: Uint8Array[]) => storedDoc(state, updates).getText('t').toString();
