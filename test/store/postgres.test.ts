import { openStore } from '../../src/store/index.js';
import { pgSchema } from '../helpers/services.js';
import { storeContract } from './contract.js';

const schema = await pgSchema();
storeContract('postgres', {
  open: () => openStore(schema.url),
  cleanup: () => schema.drop(),
});
