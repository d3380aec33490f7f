/**
 * Ordinary English, as far as `learn` needs to know it: frequent words and
 * frequent phrases (data/learn, see its README for sources and licences).
 * A spun phrase that is ordinary English ("mentioned") is only weak
 * evidence; one that is not ("unfaltering", "chilly warfare") can stand alone.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnspinError } from '../errors.js';

const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'learn');

export interface English {
  isCommonWord(word: string): boolean;
  isCommonPhrase(phrase: string): boolean;
}

function readList(name: string): Set<string> {
  const path = join(DATA_DIR, name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UnspinError('input-unreadable', `${path}: cannot read the shipped word list (${(error as NodeJS.ErrnoException).code ?? 'error'}); reinstall unspin`);
  }
  const out = new Set<string>();
  for (const line of text.split('\n')) if (line !== '' && !line.startsWith('#')) out.add(line);
  return out;
}

let loaded: English | undefined;

export function loadEnglish(): English {
  if (!loaded) {
    const words = readList('common-words.txt');
    const phrases = readList('common-phrases.txt');
    loaded = { isCommonWord: (w) => words.has(w), isCommonPhrase: (p) => phrases.has(p) };
  }
  return loaded;
}
