// Gives Node an IndexedDB so Firestore's persistent cache runs in tests.
import "fake-indexeddb/auto";
