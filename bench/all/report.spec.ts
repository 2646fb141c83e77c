import { lastJsonLine, renderReport, type Run } from './report.js';

const run = (outcomes: Run['outcomes'], load = 1.2): Run => ({
  startedAt: new Date('2026-12-07T06:30:00Z'),
  seconds: 420,
  command: 'npm run bench',
  machine: { cpu: 'Some CPU', cores: 2, memoryGiB: 24, node: '24.1.0', postgres: '15.8', redis: '7.0.15', os: 'Linux 6.1' },
  loadAverage: { start: load, end: load },
  outcomes,
});

describe('renderReport', () => {
  it('puts each figure beside its same-run baseline, with the date, the machine and the command', () => {
    const text = renderReport(
      run([
        {
          script: 'bench:import',
          what: 'purchase import',
          command: 'npm run bench:import -- --lines 200000',
          status: 'ran',
          seconds: 30,
          figures: [
            { figure: 'import', value: '190,000 lines/s', baseline: '800,000 lines/s', ratio: '0.24×', target: '≥ 150,000 lines/s' },
          ],
          notes: [],
        },
      ]),
    );
    expect(text).toContain('| `bench:import` | import | 190,000 lines/s | 800,000 lines/s | 0.24× | ≥ 150,000 lines/s |');
    expect(text).toContain('2026-12-07 06:30 UTC');
    expect(text).toContain('Some CPU, 2 cores, 24 GiB');
    expect(text).toContain('Node.js 24.1.0');
    expect(text).toContain('npm run bench:import -- --lines 200000');
    expect(text).not.toContain('other work shared the machine');
  });

  it('says which benchmarks were skipped or failed, and when the machine was busy', () => {
    const text = renderReport(
      run(
        [
          { script: 'bench:push', what: 'push sends', command: 'npm run bench:push', status: 'skipped', reason: 'no `bench:push` script' },
          {
            script: 'bench:carts',
            what: 'live carts',
            command: 'npm run bench:carts',
            status: 'failed',
            seconds: 5,
            reason: 'exit status 1',
          },
        ],
        9.5,
      ),
    );
    expect(text).toContain('| `bench:push` | push sends | skipped: no `bench:push` script | | | |');
    expect(text).toContain('Failed after 5 s: exit status 1.');
    expect(text).toContain('other work shared the machine');
  });
});

describe('lastJsonLine', () => {
  it('takes the last JSON object of the output, past trailing text and non-JSON braces', () => {
    expect(lastJsonLine('table\n{"a":1}\n{"bench":"x","rate":2}\n{not json\ndone\n')).toEqual({ bench: 'x', rate: 2 });
    expect(lastJsonLine('no figures')).toBeUndefined();
  });
});
