import { describe, expect, it } from 'vitest';
import { risingLine } from '../../src/delivery/render-text.js';
import { spikeLabel, spikeSentence } from '../../src/server/spike-marks.js';

describe('a spike in words', () => {
  const spike = { bucket: 'hour' as const, time: '2024-03-15T10:00:00.000Z', count: 8, expected: 1.04, sources: 1 };

  it('reads the same on the pages and in the digest: the usual level rounded one way, the noun in the singular for one', () => {
    const page = spikeSentence(spike);
    const digest = risingLine({ ...spike, localTime: '2024-03-15 12:00', what: 'Evacuation', rule: 'rising-evacuation', link: '/entities/evacuation' } as Parameters<typeof risingLine>[0], 'Kyiv');
    expect(page).toBe('8 articles in the hour from 10:00 UTC on 2024-03-15 (usual 1), from 1 source');
    expect(digest).toBe('8 articles in the hour from 2024-03-15 12:00 Kyiv (usual 1), from 1 source');
    expect(spikeLabel({ ...spike, day: '2024-03-15', rule: null, expected: 1.25, sources: 3 })).toBe('spike 10:00 UTC hour: 8 articles from 3 sources (usual 1.3)');
  });
});
