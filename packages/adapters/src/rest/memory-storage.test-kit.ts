/** A Web Storage in memory for the session stores' tests; `refuse` makes every write throw, as Safari's private mode does. */
export function memoryStorage(refuse = false): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem(k, v) {
      if (refuse) throw new DOMException('quota', 'QuotaExceededError');
      items.set(k, String(v));
    },
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}
