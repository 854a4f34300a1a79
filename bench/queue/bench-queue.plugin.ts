import { Injectable } from '@nestjs/common';
import { ClienteleEvent, ClientelePlugin } from '@clientele/core';

/** Published at a steady rate; the stream's delay is measured from its commit. */
export class BenchPinged extends ClienteleEvent<{ n: number }> {
  static readonly type = 'bench.pinged';
}

/** The empty job: counts its runs so the benchmark knows when the last one ran. */
@Injectable()
export class BenchWork {
  runs = 0;

  nothing() {
    this.runs++;
    return null;
  }
}

@ClientelePlugin({
  id: 'bench-queue',
  version: '1.0.0',
  description: 'Queue benchmark: an empty job and an event',
  providers: [BenchWork],
  exports: [BenchWork],
  queues: [{ name: 'bench.nothing', provider: BenchWork, method: 'nothing', concurrency: 100 }],
  events: { emits: [BenchPinged] },
})
export class BenchQueuePlugin {}
