#!/usr/bin/env node
// Writes docs/configuration.md from the configuration's own source: each variable's doc comment,
// validators and default in src/config/env.dto.ts, and the section it lands in from
// buildSections() in src/config/config-sections.ts.
//
//   npm run docs:config               rewrite docs/configuration.md
//   npm run docs:config -- --check    exit 1 when the committed file is not what it would write
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DTO = 'src/config/env.dto.ts';
const SECTIONS = 'src/config/config-sections.ts';
const LOADER = 'src/config/app-config.ts';
const OUT = 'docs/configuration.md';

const parse = (file) => ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
const squash = (text) => text.replace(/\s*\n\s*/g, ' ').trim();

/** `env.NAME` reads inside a node. */
function envReads(node) {
  const names = [];
  node.forEachChild(function find(n) {
    if (
      ts.isPropertyAccessExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'env' &&
      /^[A-Z][A-Z0-9_]*$/.test(n.name.text)
    )
      names.push(n.name.text);
    n.forEachChild(find);
  });
  if (ts.isPropertyAccessExpression(node) && node.expression.getText() === 'env') names.unshift(node.name.text);
  return names;
}

/** The variables: name, doc comment, type, default, whether required, in the class's order. */
function readVariables() {
  const sf = parse(DTO);
  const cls = sf.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === 'EnvDto');
  if (!cls) throw new Error(`${DTO}: no class EnvDto`);
  return cls.members.filter(ts.isPropertyDeclaration).map((prop) => {
    const name = prop.name.getText(sf);
    const description = ts
      .getJSDocCommentsAndTags(prop)
      .filter(ts.isJSDoc)
      .map((doc) => squash(ts.getTextOfJSDocComment(doc.comment) ?? ''))
      .join(' ');
    if (!description) throw new Error(`${DTO}: ${name} has no doc comment; every variable needs one (it is its documentation)`);
    const decorators = Object.fromEntries(
      (ts.getDecorators(prop) ?? []).map((d) => {
        const call = d.expression;
        return ts.isCallExpression(call) ? [call.expression.getText(sf), call.arguments] : [call.getText(sf), []];
      }),
    );
    const optional = Boolean(prop.questionToken) || 'IsOptional' in decorators;
    return { name, description, type: typeOf(decorators, sf), initializer: prop.initializer, required: !prop.initializer && !optional };
  });
}

function typeOf(decorators, sf) {
  const arg = (name, i = 0) => decorators[name]?.[i];
  const num = (name) => (arg(name) ? Number(evaluate(arg(name))) : undefined);
  if ('IsInt' in decorators) {
    const [min, max] = [num('Min'), num('Max')];
    const range =
      min !== undefined && max !== undefined
        ? `${fmt(min)}–${fmt(max)}`
        : min !== undefined
          ? `≥ ${fmt(min)}`
          : max !== undefined
            ? `≤ ${fmt(max)}`
            : '';
    return `integer${range ? `, ${range}` : ''}`;
  }
  if ('IsBoolean' in decorators) return 'boolean (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`)';
  if ('IsIn' in decorators) {
    const values = arg('IsIn').elements.map((e) => `\`${e.text}\``);
    return `one of ${values.join(', ')}`;
  }
  if ('IsUrl' in decorators) {
    const options = arg('IsUrl');
    const protocols = options?.properties.find((p) => p.name.getText(sf) === 'protocols');
    return protocols ? `URL (${protocols.initializer.elements.map((e) => `\`${e.text}:\``).join(', ')})` : 'URL';
  }
  if ('Matches' in decorators) return 'path';
  if ('MinLength' in decorators) return `string, ≥ ${evaluate(arg('MinLength'))} characters`;
  return 'string';
}

/** The value of a literal default (`7 * 24 * 3600`, `'panier:'`, `true`). */
function evaluate(node) {
  if (ts.isNumericLiteral(node)) return Number(node.text.replaceAll('_', ''));
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isParenthesizedExpression(node)) return evaluate(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AsteriskToken)
    return evaluate(node.left) * evaluate(node.right);
  throw new Error(`cannot read the default ${node.getText()}`);
}

const fmt = (n) => String(n);

function defaultOf(v) {
  if (v.required) return '(required)';
  if (!v.initializer) return '—';
  const value = evaluate(v.initializer);
  if (value === '') return '—';
  return `\`${value}\``;
}

/**
 * Where each variable lands: the path of the field of buildSections() whose value reads it, or the
 * field fed by a value loadConfig() derives (`derived.jwt` ← readJwt(env) ← SHOPPER_JWT_*).
 */
function readSections(order) {
  const loader = parse(LOADER);
  const functions = new Map(loader.statements.filter(ts.isFunctionDeclaration).map((f) => [f.name.text, f]));
  const load = functions.get('loadConfig');
  const derived = new Map();
  load.body.forEachChild(function find(n) {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      const reads = envReads(n.initializer);
      // Through the helpers it calls, and theirs (readPush → readApns).
      const visited = new Set();
      (function calls(c) {
        if (
          ts.isCallExpression(c) &&
          ts.isIdentifier(c.expression) &&
          functions.has(c.expression.text) &&
          !visited.has(c.expression.text)
        ) {
          visited.add(c.expression.text);
          const helper = functions.get(c.expression.text);
          reads.push(...envReads(helper));
          helper.forEachChild(calls);
        }
        c.forEachChild(calls);
      })(n.initializer);
      // In the order of the class, whatever order the code reads them in.
      if (reads.length > 0)
        derived.set(
          n.name.text,
          [...new Set(reads)].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
        );
    }
    n.forEachChild(find);
  });

  const sf = parse(SECTIONS);
  const build = sf.statements.find((s) => ts.isFunctionDeclaration(s) && s.name?.text === 'buildSections');
  const returned = build.body.statements.find(ts.isReturnStatement)?.expression;
  const sections = [];
  const placed = new Map();
  const place = (name, section, field) => {
    if (placed.has(name)) return;
    placed.set(name, { section, field });
    section.variables.push(name);
  };
  const walk = (literal, path, section) => {
    for (const prop of literal.properties) {
      if (ts.isSpreadAssignment(prop)) {
        const key = prop.expression.getText(sf).replace(/^derived\./, '');
        for (const name of derived.get(key) ?? []) place(name, section, path.join('.'));
        continue;
      }
      const fieldPath = [...path, prop.name.getText(sf)];
      const value = prop.initializer;
      if (ts.isObjectLiteralExpression(value)) {
        walk(value, fieldPath, section);
        continue;
      }
      const key = value.getText(sf).startsWith('derived.') ? value.getText(sf).slice('derived.'.length) : undefined;
      for (const name of key ? (derived.get(key) ?? []) : envReads(value)) place(name, section, fieldPath.join('.'));
    }
  };
  for (const prop of returned.properties) {
    const section = { name: prop.name.getText(sf), variables: [] };
    sections.push(section);
    walk(prop.initializer, [section.name], section);
  }
  return { sections, placed };
}

function render() {
  const variables = readVariables();
  const byName = new Map(variables.map((v) => [v.name, v]));
  const { sections, placed } = readSections(variables.map((v) => v.name));
  const unplaced = variables.filter((v) => !placed.has(v.name)).map((v) => v.name);
  if (unplaced.length > 0) throw new Error(`no section reads ${unplaced.join(', ')}: add it to buildSections() or drop it`);
  const cell = (text) => text.replaceAll('|', '\\|');
  const lines = [
    '# Configuration reference',
    '',
    'Use this page to configure a Panier deployment: it lists every environment variable the API and',
    'the worker read, with its type, its default, what it does, and the field of `AppConfig` that carries it in the code.',
    '',
    'The service validates all of them at start-up and refuses to start, naming each bad or missing',
    'variable, rather than run half-configured. An empty value counts as unset. The variables may also',
    'come from a `.env` file in the working directory.',
    '',
    `Generated by \`npm run docs:config\` from \`${DTO}\` (descriptions, types, defaults) and \`${SECTIONS}\``,
    '(sections); edit those, not this file. `npm run docs:config -- --check` fails when this file is stale.',
    '',
    '## Sections',
    '',
    sections.map((s) => `[\`${s.name}\`](#${s.name})`).join(' · '),
  ];
  for (const section of sections) {
    lines.push(
      '',
      `## \`${section.name}\``,
      '',
      '| Variable | Type | Default | In `AppConfig` | Description |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const name of section.variables) {
      const v = byName.get(name);
      lines.push(`| \`${name}\` | ${cell(v.type)} | ${cell(defaultOf(v))} | \`${placed.get(name).field}\` | ${cell(v.description)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const text = render();
const target = join(ROOT, OUT);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing: stale
  }
  if (current !== text) {
    console.error(`${OUT} is stale: run \`npm run docs:config\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${OUT} is up to date.`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${OUT}`);
}
