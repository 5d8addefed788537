import { openStore } from '../../src/store/index.js';
import { pgSchema } from '../helpers/services.js';
import { articlesStoreContract } from './articles-contract.js';
import { storeContract } from './contract.js';
import { storiesStoreContract } from './stories-contract.js';
import { risingStoreContract } from './rising-contract.js';
import { pruneStoreContract } from './prune-contract.js';
import { telegramStoreContract } from './telegram-contract.js';

const schema = await pgSchema();
storeContract('postgres', {
  open: () => openStore(schema.url),
  cleanup: () => schema.drop(),
});

const telegramSchema = await pgSchema();
telegramStoreContract('postgres', {
  open: () => openStore(telegramSchema.url),
  cleanup: () => telegramSchema.drop(),
});

const articlesSchema = await pgSchema();
articlesStoreContract('postgres', {
  open: () => openStore(articlesSchema.url),
  cleanup: () => articlesSchema.drop(),
});

const storiesSchema = await pgSchema();
storiesStoreContract('postgres', {
  open: () => openStore(storiesSchema.url),
  cleanup: () => storiesSchema.drop(),
});

const pruneSchema = await pgSchema();
pruneStoreContract('postgres', {
  open: () => openStore(pruneSchema.url),
  cleanup: () => pruneSchema.drop(),
});

const risingSchema = await pgSchema();
risingStoreContract('postgres', {
  open: () => openStore(risingSchema.url),
  cleanup: () => risingSchema.drop(),
});
