/**
 * Just enough of the Storage interface for the site's saved-state modules, backed by a Map. It
 * can be told to refuse reads or writes, as a browser does in private modes or when full.
 */
export class MemoryStorage {
	items = new Map<string, string>();
	failWrites = false;
	failReads = false;
	get length() {
		return this.items.size;
	}
	key(i: number) {
		return [...this.items.keys()][i] ?? null;
	}
	getItem(key: string) {
		if (this.failReads) throw new DOMException('denied', 'SecurityError');
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		if (this.failWrites) throw new DOMException('full', 'QuotaExceededError');
		this.items.set(key, String(value));
	}
	removeItem(key: string) {
		this.items.delete(key);
	}
	clear() {
		this.items.clear();
	}
}
