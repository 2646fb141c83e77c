import { type ScalingRun, scalingSummary } from './scaling.js';

const run = (workerProcesses: number, shoppersPerSecond: number) => ({ workerProcesses, shoppersPerSecond }) as ScalingRun;

describe('scalingSummary', () => {
  it('gives each worker count its median, spread and growth over the first count', () => {
    expect(scalingSummary([run(1, 10_000), run(2, 16_000), run(1, 12_000), run(2, 18_000), run(1, 11_000)])).toEqual([
      { workerProcesses: 1, median: 11_000, min: 10_000, max: 12_000, vsFirst: 1 },
      { workerProcesses: 2, median: 17_000, min: 16_000, max: 18_000, vsFirst: 1.55 },
    ]);
  });
});
