import { expect } from 'chai';
import { createProgressLine } from '../../app/progress-line.js';

const recorder = (isTTY: boolean) => {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
};

describe('The progress line of long audit runs', () => {
  it('redraws one line in place on a terminal, at most every 100 ms, and ends it', () => {
    let now = 0;
    const output = recorder(true);
    const progress = createProgressLine('verify', output, () => now);
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
    const progress = createProgressLine('export', output, () => now);
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
});
