/** The benchmark's tables on stdout. */
import { printTable } from '../harness.js';
import type { BenchResult } from '../pipeline.js';
import type { RedisMemory } from './redis-mem.js';
import type { StraightResult } from './straight.js';
import type { RunFigures } from './timings.js';

export function printReport(result: BenchResult, runs: RunFigures[], straight: StraightResult | null, memory: RedisMemory | null): void {
  const m = result.machine as Record<string, unknown>;
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, node ${m.node}, redis ${m.redis}, load ${m.load_avg_1m} at start, ${m.load_avg_1m_end} at end${m.postgres ? `, postgres ${m.postgres}` : ''}`);
  console.log(`site: ${result.feeds} feeds x ${result.per_feed} articles; store ${result.store}; workers from ${result.cli}\n`);
  if (straight) {
    const s = straight.ms_per_article;
    console.log(`straight line (one process, no queues): ${straight.articles} articles, ${straight.alerts} alerts, ${straight.articles_per_s} articles/s`);
    console.log(`  ms/article: extract ${s.extract}, language ${s.language}, tag+rules ${s.tag_rules}, narratives ${s.narratives}, store ${s.store} (of it stories ${s.stories}); total ${s.total} (CPU ${straight.cpu_ms_per_article})`);
    console.log(`  CPU ms/article: stories ${straight.cpu_ms.stories}, narratives ${straight.cpu_ms.narratives}: ${(straight.stories_narratives_share * 100).toFixed(1)}% of the straight line's CPU ms an article (trends are counted when asked, not per article)\n`);
  }
  if (runs.length) {
    printTable(
      ['run', 'articles', 'alerts', 'fallback', 'once', 'art/s', 'p50 ms', 'p95 ms', 'p99 ms', 'poll>fetch p50', 'fetch>stored p50', 'CPU ms/art', 'redis CPU ms/art', 'redis MB kept/1k'],
      runs.map((r) => [r.label, r.articles, r.alerts, r.fallbacks, r.exactly_once ? 'yes' : 'NO', r.articles_per_s, r.latency_ms.p50, r.latency_ms.p95, r.latency_ms.p99,
        r.poll_to_fetch_ms.p50, r.fetch_to_stored_ms.p50, r.cpu_ms_per_article, r.redis_cpu_ms_per_article, r.redis_retained_mb_per_1000]),
    );
    console.log('\nprocesses (CPU from /proc over the run; peak RSS = VmHWM):');
    printTable(['run', 'process', 'CPU ms', 'CPU ms/art', 'peak RSS MB'], runs.flatMap((r) => r.processes.map((p) => [r.label, p.name, p.cpu_ms, p.cpu_ms_per_article ?? '-', p.peak_rss_mb])));
  }
  if (memory) {
    console.log(`\nRedis memory (${memory.jobs} jobs each): fetch job ${memory.fetch_bytes_per_job} B, analyze job ${memory.analyze_bytes_per_job} B + page blob ${memory.blob_bytes_per_page} B ` +
      `(pages ${memory.mean_page_kb} KB -> compressed ${memory.mean_blob_kb} KB); per 1,000 waiting: fetch ${memory.mb_per_1000_waiting_fetch} MB, analyze ${memory.mb_per_1000_waiting_analyze} MB`);
  }
  const p = result.projection;
  if (p) {
    console.log(`\nby CPU cost (${p.from_run}): ${p.worker_cpu_ms_per_article} ms/article in workers (analyze ${p.analyze_cpu_ms_per_article}) + ${p.redis_cpu_ms_per_article} in Redis = ` +
      `${p.articles_per_s_per_core} articles/s per core; limits: Redis ~${p.redis_limit_articles_per_s}/s, SQLite writer ~${p.sqlite_writer_limit_articles_per_s ?? '-'}/s; ` +
      `projected 2 cores ${p.cores_2}/s, 16 cores ${p.cores_16}/s`);
  }
  if (result.articles_per_s !== null && result.straight_line_articles_per_s !== null) {
    console.log(`\nend to end (run --once) ${result.articles_per_s} articles/s, best ${result.best_articles_per_s}/s; run --once = ${Math.round((result.share_of_straight_line ?? 0) * 100)}% of the straight line (${result.straight_line_articles_per_s}/s); ` +
      `latency at ${result.latency_load_articles_per_s ?? '-'} articles/s: p50 ${result.p50_latency_ms ?? '-'} ms, p95 ${result.p95_latency_ms ?? '-'} ms`);
  }
}
