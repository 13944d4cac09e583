import { expect } from 'chai';
import { createProgressLine } from '../../app/progress-line.js';

const recorder = (isTTY: boolean) => {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
};

describe('The progress line of long CLI runs (verify, export, replay)', () => {
  it('redraws one line in place on a terminal, at most every 100 ms, and ends it', () => {
    let now = 0;
    const output = recorder(true);
    const progress = createProgressLine('verify', { output, clock: () => now });
    progress.update(10);
    now = 50;
    progress.update(20);
    now = 1000;
    progress.update(5000);
    progress.done(6000);
    expect(output.written).to.have.length(3);
    expect(output.written[0]?.startsWith('\r\x1b[2Kverify: 10 events')).to.equal(true);
    expect(output.written[1]).to.equal('\r\x1b[2Kverify: 5,000 events, 1.0 s, 5,000 events/s');
    expect(output.written[2]?.startsWith('\r\x1b[2Kverify: 6,000 events')).to.equal(true);
    expect(output.written[2]?.endsWith('\n')).to.equal(true);
  });

  it('writes a plain line every two seconds elsewhere, and the final count once', () => {
    let now = 0;
    const output = recorder(false);
    const progress = createProgressLine('export', { output, clock: () => now });
    progress.update(1);
    now = 1000;
    progress.update(2);
    now = 2500;
    progress.update(3);
    progress.done(3);
    expect(output.written.map((line) => line.split(' events')[0])).to.deep.equal(['export: 1', 'export: 3']);
    expect(output.written.every((line) => line.endsWith('\n') && !line.includes('\r'))).to.equal(true);
    progress.done(4);
    expect(output.written.at(-1)).to.match(/^export: 4 events/);
  });

  it('draws a bar with the share done and the time left when the total is known', () => {
    let now = 0;
    const output = recorder(true);
    const progress = createProgressLine('rebuild', { total: 4000, output, clock: () => now });
    now = 1000;
    progress.update(1000, '10 applied');
    now = 4000;
    progress.done(4000, 'swapped in: device');
    expect(output.written[0]).to.equal(
      `\r\x1b[2Krebuild: [${'#'.repeat(8)}${'-'.repeat(22)}]  25% 1,000/4,000 events, 1.0 s, 1,000 events/s, ~3.0 s left, 10 applied`,
    );
    expect(output.written[1]).to.equal(
      `\r\x1b[2Krebuild: [${'#'.repeat(30)}] 100% 4,000/4,000 events, 4.0 s, 1,000 events/s, swapped in: device\n`,
    );
  });

  it('learns the total late, and shows long runs in minutes and hours', () => {
    let now = 0;
    const output = recorder(false);
    const progress = createProgressLine('import-verify', { output, clock: () => now });
    now = 90_000;
    progress.update(10);
    progress.setTotal(20);
    now = 7_200_000;
    progress.update(15);
    expect(output.written[0]).to.equal('import-verify: 10 events, 1 min 30 s, 0 events/s\n');
    expect(output.written[1]).to.equal(
      `import-verify: [${'#'.repeat(23)}${'-'.repeat(7)}]  75% 15/20 events, 2 h 00 min, 0 events/s, ~40 min 00 s left\n`,
    );
  });
});
