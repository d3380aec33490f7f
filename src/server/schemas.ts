/**
 * The JSON schemas of the HTTP API. Fastify validates requests with them and
 * the OpenAPI document is generated from them, so the two cannot drift apart.
 * Response schemas document what the handlers return (contract v1 for
 * `check`); they do not filter it, so fields added to the contract pass through.
 */

const sourceFields = {
  text: { type: 'string', description: 'Plain text to analyse.' },
  html: { type: 'string', description: 'An HTML page; the article is extracted with Readability and its text analysed.' },
  url: { type: 'string', description: 'An http(s) address to fetch (loopback and private addresses are refused unless the server allows them).' },
  pdf: { type: 'string', contentEncoding: 'base64', description: 'A PDF file, base64-encoded; its text is recovered (reading order, references excluded) and analysed.' },
  name: { type: 'string', maxLength: 1000, description: 'Reported as `input` (default `<text>`, `<html>` or the URL).' },
} as const;

/** Exactly one of `text`, `html`, `url` or `pdf`. */
const oneSource = [{ required: ['text'] }, { required: ['html'] }, { required: ['url'] }, { required: ['pdf'] }] as const;

export const checkRequest = {
  type: 'object',
  properties: {
    ...sourceFields,
    diff: { type: 'boolean', description: 'Also return a word diff of the analysed and the restored text.' },
  },
  additionalProperties: false,
  oneOf: oneSource,
} as const;

export const restoreRequest = checkRequest;

export const traceRequest = {
  type: 'object',
  properties: {
    ...sourceFields,
    limit: { type: 'integer', minimum: 1, maximum: 100, description: 'Most matches to return (default 10).' },
  },
  additionalProperties: false,
  oneOf: oneSource,
} as const;

/** A raw body: the text itself, decoded as UTF-8 (`text/plain` is read like a file, `text/html` as a page). */
export const rawTextBody = { type: 'string' } as const;

export const rawQuery = {
  type: 'object',
  properties: {
    name: sourceFields.name,
    diff: { type: 'string', enum: ['true', 'false'], description: 'With a raw body: also return a word diff (as `diff: true` does in JSON).' },
  },
  additionalProperties: false,
} as const;

const indexDocument = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 1000 },
    text: { type: 'string' },
    title: { type: 'string' },
    url: { type: 'string' },
  },
  required: ['id', 'text'],
  additionalProperties: false,
} as const;

export const indexRequest = {
  description: 'One document, or a list of up to 1,000 (bulk loads: `unspin index add`).',
  oneOf: [indexDocument, { type: 'array', items: indexDocument, minItems: 1, maxItems: 1000 }],
} as const;

const finding = {
  type: 'object',
  properties: {
    start: { type: 'integer', minimum: 0, description: 'JavaScript string index of the first character, into the analysed text.' },
    end: { type: 'integer', minimum: 0, description: 'One past the last character.' },
    actual: { type: 'string' },
    expected: { type: 'array', items: { type: 'string' }, description: 'Likely original wording, best first.' },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    rule: { type: 'string' },
    source: { type: 'string' },
  },
  required: ['start', 'end', 'actual', 'expected', 'confidence', 'rule'],
} as const;

export const checkResult = {
  type: 'object',
  description: 'Contract v1 (fields may be added, never renamed or removed).',
  properties: {
    input: { type: 'string' },
    text: { type: 'string', description: 'The analysed text, when it differs from the input (HTML, URL).' },
    verdict: {
      type: 'object',
      properties: {
        spun: { type: 'boolean' },
        score: { type: 'number', minimum: 0, maximum: 1 },
        evidence: {
          type: 'array',
          description: 'What the score rests on, one entry per signal that found something (empty when nothing was found). A document is never judged spun without a finding.',
          items: {
            type: 'object',
            properties: {
              signal: { type: 'string', enum: ['lexicon', 'spintax', 'consistency', 'model'] },
              weight: { type: 'number', minimum: 0, maximum: 1, description: "The signal's share of the score; the weights sum to the score." },
              findings: { type: 'integer', minimum: 0, description: 'Findings that carry this signal.' },
              words: { type: 'array', items: { type: 'string' }, description: 'The words and phrases that drove it, strongest first (at most ten).' },
            },
            required: ['signal', 'weight', 'findings', 'words'],
          },
        },
        sections: {
          type: 'object',
          description: 'Present only when a long input was judged in more than one section (article-sized windows or the documents of a concatenation).',
          properties: {
            count: { type: 'integer', minimum: 2 },
            spun: { type: 'integer', minimum: 0 },
            share: { type: 'number', minimum: 0, maximum: 1 },
            ranges: {
              type: 'array',
              items: {
                type: 'object',
                properties: { start: { type: 'integer', minimum: 0 }, end: { type: 'integer', minimum: 0 }, spun: { type: 'boolean' }, score: { type: 'number', minimum: 0, maximum: 1 } },
                required: ['start', 'end', 'spun', 'score'],
              },
            },
          },
          required: ['count', 'spun', 'share'],
        },
      },
      required: ['spun', 'score', 'evidence'],
    },
    findings: { type: 'array', items: finding },
    restored: { type: 'string' },
  },
  required: ['input', 'verdict', 'findings', 'restored'],
} as const;

const diff = {
  type: 'array',
  description: 'Word diff of the analysed text (before) and the restored text (after).',
  items: {
    type: 'object',
    properties: { kind: { type: 'string', enum: ['same', 'removed', 'added'] }, text: { type: 'string' } },
    required: ['kind', 'text'],
  },
} as const;

const edits = {
  type: 'array',
  description: 'With `diff`: each finding\'s change to the analysed text (with an "a"/"an" it adjusted), in text order; applying any subset gives the text restored with just those findings.',
  items: {
    type: 'object',
    properties: {
      start: { type: 'integer', minimum: 0 },
      end: { type: 'integer', minimum: 0 },
      text: { type: 'string', description: 'What restoration writes in place of the range.' },
      finding: { type: 'integer', minimum: 0, description: 'Index of the finding in `findings`.' },
    },
    required: ['start', 'end', 'text', 'finding'],
  },
} as const;

export const checkResponse = {
  ...checkResult,
  properties: { ...checkResult.properties, diff, edits },
} as const;

export const restoreResponse = {
  type: 'object',
  properties: {
    input: { type: 'string' },
    restored: { type: 'string' },
    text: checkResult.properties.text,
    diff,
  },
  required: ['input', 'restored'],
} as const;

const span = { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2 } as const;

const substitution = {
  type: 'object',
  properties: { query: span, source: span, actual: { type: 'string' }, expected: { type: 'string' } },
  required: ['query', 'source', 'actual'],
} as const;

export const traceResponse = {
  type: 'object',
  properties: {
    input: { type: 'string' },
    text: checkResult.properties.text,
    matches: {
      type: 'array',
      description: 'Best first; empty when nothing qualifies.',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          url: { type: 'string' },
          score: { type: 'number' },
          coverage: { type: 'number', minimum: 0, maximum: 1, description: "Share of the query's words inside aligned passages." },
          passages: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                query: span,
                source: span,
                sourceText: { type: 'string', description: 'The source passage, when the index holds the text.' },
                substitutions: {
                  type: 'array',
                  description: 'The runs of words the copy wrote differently, in the copy\'s order: `actual` (the copy\'s words, at `query`) for `expected` (the source\'s, at `source`).',
                  items: substitution,
                },
              },
              required: ['query', 'source'],
            },
          },
        },
        required: ['id', 'score', 'coverage', 'passages'],
      },
    },
  },
  required: ['input', 'matches'],
} as const;

export const indexResponse = {
  type: 'object',
  properties: { added: { type: 'integer', minimum: 0 }, ids: { type: 'array', items: { type: 'string' } } },
  required: ['added', 'ids'],
} as const;

export const reportRequest = {
  type: 'object',
  properties: {
    sources: { ...traceResponse.properties.matches, description: 'The matched sources (`matches` from /api/trace), shown with their passages.', maxItems: 50 },
    result: checkResult,
    text: { type: 'string', description: 'The analysed text the offsets index into (the result\'s `text`, or the input text).' },
  },
  required: ['result'],
  additionalProperties: false,
} as const;

export const healthResponse = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok'] },
    version: { type: 'string' },
    index: { type: 'boolean', description: 'Whether a reference index is configured (trace and index endpoints).' },
    workers: { type: 'integer', description: 'Checker threads.' },
    ready: { type: 'integer', description: 'Checker threads with their checker loaded (a thread stopped at a timeout is being replaced).' },
    busy: { type: 'integer', description: 'Requests admitted and not yet answered.' },
    capacity: { type: 'integer', description: 'Requests admitted at once (running and queued); more get 503.' },
  },
  required: ['status', 'version', 'index', 'workers', 'ready', 'busy', 'capacity'],
} as const;

export const errorResponse = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;
