import { MemoryObjectStore } from '../../../shared/adapters/memory/memory-object-store';
import { describeObjectStoreContract } from './object-store-contract';

describeObjectStoreContract('MemoryObjectStore', async () => ({ store: new MemoryObjectStore(), bucket: 'xecu-test' }));
