// Texts made from the option table (./options.ts): the desktop app's `--help` and
// docs/command-line.md (written by scripts/command-line-doc.ts; a test keeps it in step).
// The CLI's `--help` is made in src/core/cli/main.ts from the same table (via its groups).
import { OPTIONS, X2GOCLIENT_UNSUPPORTED, type OptionDef } from './options';

/** `--name VALUE` (with `-h, ` first where there is a short form). */
export function switchSynopsis(o: OptionDef): string {
  return `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.kind === 'flag' ? '' : ` ${o.valueName ?? 'VALUE'}`}`;
}

/** The app's `--help`: every switch it takes, from the table. Ends with a newline. */
export function appHelpText(): string {
  const lines = [
    'Usage: x2go-launcher [options]   (the desktop app; the CLI is x2go-launcher-cli <command>)',
    '',
    'Options (x2goclient names and meanings; values as --name=VALUE or --name VALUE):',
  ];
  for (const o of OPTIONS.filter((o) => o.app)) {
    const marks = `${o.x2goclient ? '' : ' [ours]'}${o.pending ? ' [not active yet]' : ''}`;
    lines.push(`  ${switchSynopsis(o).padEnd(30)} ${o.appHelp ?? o.help}${marks}`);
  }
  lines.push(
    '',
    '[ours]: not an x2goclient switch. [not active yet]: parsed; it takes effect with a later',
    "release. Chromium's and Electron's own switches are left to them. Other x2goclient",
    'switches are ignored with a warning in the log. All switches: docs/command-line.md.',
    '',
  );
  return lines.join('\n');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');
const code = (text: string): string => `\`${text}\``;

const VALUE_KIND = { flag: 'flag', value: 'one value', values: 'repeatable' } as const;

function whereAccepted(o: OptionDef): string {
  const where: string[] = [];
  if (o.app) where.push('app');
  if (o.cli === 'all') where.push('CLI (every command)');
  else if (o.cli) where.push(`CLI ${o.cli.join(', ')}`);
  return where.join('; ');
}

function x2goclientCell(o: OptionDef): string {
  const name = o.x2goclient ? code(o.x2goclient) : '—';
  return o.x2goclientNote ? `${name} (${o.x2goclientNote})` : name;
}

/** docs/command-line.md, generated from the table. */
export function commandLineMarkdown(): string {
  const out = [
    '# Command line',
    '',
    '<!-- Generated from src/core/command-line/options.ts by `node --import tsx',
    'scripts/command-line-doc.ts`; do not edit by hand (test/core/command-line/doc.test.ts',
    'fails when this file and the table differ). -->',
    '',
    'The desktop app (`x2go-launcher`) and the headless CLI (`x2go-launcher-cli <command>` in',
    'the Linux packages, `npx x2go-launcher <command>` from npm) share one option table and one',
    "parser. Names and meanings are x2goclient's (4.1.2.2) where it has the switch, so",
    'x2goclient start lines (thin clients, kiosks, desktop files) carry over.',
    '',
    '## Syntax',
    '',
    '- Values: `--name=VALUE` (the only form x2goclient takes) or `--name VALUE`. A value',
    '  starting with `-` needs the `=` form (`--session --kiosk` is a missing value, then',
    '  `--kiosk`).',
    '- A one-value option given twice: the last value counts (as in x2goclient); a',
    '  *repeatable* one keeps every value.',
    '- Flags take no value: `--kiosk=false` is refused (the CLI: exit 2; the app: a warning,',
    '  the flag stays off).',
    "- The CLI refuses anything it does not know (exit 2). The app starts anyway: Chromium's",
    "  and Electron's own switches (`--no-sandbox`, `--ozone-platform=wayland`, …) are left to",
    '  them with a note in the log; an x2goclient switch from the list below, an option of',
    '  the CLI or a flag given a value is named in a warning in the log and ignored.',
    "- `--help` and `--version` print and exit; the app's open no window.",
    '- Passwords are never taken on a command line (other users can read it).',
    '',
    '## Options',
    '',
    '*Setting*: the setting the switch overrides on the command-line layer; an',
    "administrator's lock on that setting refuses it. *Pending*: parsed now; the note says",
    'what is still missing.',
    '',
    '| Option | x2goclient | Value | Accepted by | Description | Setting |',
    '|---|---|---|---|---|---|',
  ];
  for (const o of OPTIONS) {
    const help = o.appHelp && !o.cli ? o.appHelp : o.help;
    const description = o.pending ? `${help} *(pending: ${o.pending})*` : help;
    out.push(
      `| ${cell(code(switchSynopsis(o)))} | ${cell(x2goclientCell(o))} | ${VALUE_KIND[o.kind]} | ${whereAccepted(o)} | ${cell(description)} | ${o.setting ? code(o.setting) : ''} |`,
    );
  }
  const count = (pred: (o: OptionDef) => boolean): number => OPTIONS.filter(pred).length;
  out.push(
    '',
    `${OPTIONS.length} options: ${count((o) => o.app)} for the app, ${count((o) => o.cli !== false)} for the CLI, ` +
      `${count((o) => o.x2goclient !== null)} with an x2goclient equivalent.`,
    '',
    '## x2goclient switches not supported',
    '',
    'Given to the app, each is named in a warning in the log and ignored; the CLI refuses it',
    '(exit 2).',
    '',
    X2GOCLIENT_UNSUPPORTED.map((n) => code(`--${n}`)).join(', ') + '.',
    '',
  );
  return out.join('\n');
}
