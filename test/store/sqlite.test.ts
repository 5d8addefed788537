import path from 'node:path';
import { openStore } from '../../src/store/index.js';
import { tempDir } from '../helpers/services.js';
import { articlesStoreContract } from './articles-contract.js';
import { storeContract } from './contract.js';
import { storiesStoreContract } from './stories-contract.js';
import { risingStoreContract } from './rising-contract.js';
import { pruneStoreContract } from './prune-contract.js';
import { telegramStoreContract } from './telegram-contract.js';

const temp = tempDir();
storeContract('sqlite', {
  open: () => openStore(`sqlite:${path.join(temp.dir, 'nested', 'mediamon.db')}`),
  cleanup: async () => temp.drop(),
});

const telegramTemp = tempDir();
telegramStoreContract('sqlite', {
  open: () => openStore(`sqlite:${path.join(telegramTemp.dir, 'telegram.db')}`),
  cleanup: async () => telegramTemp.drop(),
});

const articlesTemp = tempDir();
articlesStoreContract('sqlite', {
  open: () => openStore(`sqlite:${path.join(articlesTemp.dir, 'articles.db')}`),
  cleanup: async () => articlesTemp.drop(),
});

const storiesTemp = tempDir();
storiesStoreContract('sqlite', {
  open: () => openStore(`sqlite:${path.join(storiesTemp.dir, 'stories.db')}`),
  cleanup: async () => storiesTemp.drop(),
});

const pruneTemp = tempDir();
pruneStoreContract('sqlite', {
  open: () => openStore(`sqlite:${path.join(pruneTemp.dir, 'prune.db')}`),
  cleanup: async () => pruneTemp.drop(),
});

const risingTemp = tempDir();
risingStoreContract('sqlite', {
  open: () => openStore(`sqlite:${path.join(risingTemp.dir, 'rising.db')}`),
  cleanup: async () => risingTemp.drop(),
});
