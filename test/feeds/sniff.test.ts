import { describe, expect, it } from 'vitest';
import { looksLikeFeed } from '../../src/feeds/sniff.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('looksLikeFeed', () => {
  it.each([
    ['RSS', '<rss version="2.0"><channel></channel></rss>', null, true],
    ['RSS after a declaration, a comment and a BOM', '\uFEFF<?xml version="1.0"?>\n<!-- generated -->\n<rss>', null, true],
    ['Atom', '<feed xmlns="http://www.w3.org/2005/Atom">', null, true],
    ['RDF', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', null, true],
    ['JSON Feed', '{"version": "https://jsonfeed.org/version/1.1", "items": []}', null, true],
    ['other JSON', '{"version": "1.0"}', null, false],
    ['an HTML page', '<!doctype html><html><head><link rel="alternate" type="application/rss+xml"></head>', null, false],
    ['plain text', 'Denis Pushilin announced the evacuation.', null, false],
    ['anything served as RSS', 'not xml at all', 'application/rss+xml; charset=utf-8', true],
    ['anything served as XML', 'not xml at all', 'text/xml', true],
    ['a feed served as HTML', '<rss version="2.0">', 'text/html', true],
    ['a page served as HTML', '<html>', 'text/html', false],
  ])('%s', (_name, body, contentType, expected) => {
    expect(looksLikeFeed(bytes(body), contentType)).toBe(expected);
  });
});
