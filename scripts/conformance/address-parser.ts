/**
 * Address parser accuracy on usaddress's labelled test data: per-label precision and recall,
 * token accuracy and whole-address accuracy, for each `measure_*` file.
 * Usage: npx tsx scripts/conformance/address-parser.ts [more.xml …]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAddress } from '../../src/server/modules/mailing/address/parse';
import { standardsPath } from '../../test/helpers/standards';

export const MEASURE_FILES = [
  'measure_performance_test_data_labeled.xml',
  'measure_performance_test_data_simple_address_patterns.xml',
  'measure_performance_test_data_us50_test_tagged.xml',
];

type GoldToken = { text: string; start: number; label: string };
export type GoldAddress = { input: string; tokens: GoldToken[] };

const unescape = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The labelled addresses of a usaddress training/test XML file, each with its raw string. */
export function readLabelledXml(xml: string): GoldAddress[] {
  return [...xml.matchAll(/<AddressString>([\s\S]*?)<\/AddressString>/g)].map(([, body = '']) => {
    let input = '';
    const tokens: GoldToken[] = [];
    let last = 0;
    for (const m of body.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) {
      input += unescape(body.slice(last, m.index));
      const text = unescape(m[2] ?? '');
      const lead = text.length - text.trimStart().length;
      tokens.push({ text: text.trim(), start: input.length + lead, label: m[1]! });
      input += text;
      last = m.index + m[0].length;
    }
    return { input, tokens };
  });
}

export type LabelScore = { gold: number; predicted: number; correct: number };
export type Score = {
  addresses: number;
  addressesCorrect: number;
  tokens: number;
  tokensCorrect: number;
  byLabel: Map<string, LabelScore>;
};

/** Scores the parser against gold addresses; a gold token the parser split differently counts as wrong. */
export function scoreParser(gold: GoldAddress[], mapLabel: (label: string) => string = (l) => l): Score {
  const score: Score = { addresses: 0, addressesCorrect: 0, tokens: 0, tokensCorrect: 0, byLabel: new Map() };
  const of = (label: string) => {
    let s = score.byLabel.get(label);
    if (!s) score.byLabel.set(label, (s = { gold: 0, predicted: 0, correct: 0 }));
    return s;
  };
  for (const address of gold) {
    const predicted = new Map(
      parseAddress(address.input).map((t) => [t.start, { ...t, label: mapLabel(t.label) }]),
    );
    let allCorrect = true;
    for (const g of address.tokens) {
      const p = predicted.get(g.start);
      const label = mapLabel(g.label);
      const ok = p !== undefined && p.text.trim() === g.text && p.label === label;
      score.tokens++;
      of(label).gold++;
      if (p) of(p.label).predicted++;
      if (ok) {
        score.tokensCorrect++;
        of(label).correct++;
      } else allCorrect = false;
    }
    score.addresses++;
    if (allCorrect) score.addressesCorrect++;
  }
  return score;
}

const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);

function report(name: string, score: Score): void {
  console.log(`\n${name}`);
  console.log(
    `  ${'label'.padEnd(28)} ${'gold'.padStart(5)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}`,
  );
  const rows = [...score.byLabel.entries()].sort((a, b) => b[1].gold - a[1].gold);
  for (const [label, s] of rows) {
    console.log(
      `  ${label.padEnd(28)} ${String(s.gold).padStart(5)} ${pct(s.correct, s.predicted).padStart(9)} ${pct(s.correct, s.gold).padStart(7)}`,
    );
  }
  console.log(
    `  overall: tokens ${score.tokensCorrect}/${score.tokens} (${pct(score.tokensCorrect, score.tokens).trim()}), ` +
      `whole addresses ${score.addressesCorrect}/${score.addresses} (${pct(score.addressesCorrect, score.addresses).trim()})`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const files = [...MEASURE_FILES.map((f) => standardsPath('usaddress', f)), ...process.argv.slice(2)];
  for (const file of files) {
    const gold = readLabelledXml(readFileSync(file, 'utf8'));
    report(path.basename(file), scoreParser(gold));
    if (/us50/.test(file)) {
      // The us50 files label a whole street (directionals and types too) as StreetName.
      const merged = (l: string) => (/^StreetName(Pre|Post)(Directional|Type)$/.test(l) ? 'StreetName' : l);
      report(
        `${path.basename(file)} (street parts counted as StreetName, its convention)`,
        scoreParser(gold, merged),
      );
    }
  }
}
