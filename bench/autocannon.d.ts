// The part of autocannon's programmatic API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  /** The request a `setupRequest` receives (the instance's defaults merged in) and returns, changed. */
  export interface RequestData {
    method: string;
    path: string;
    headers: Record<string, string>;
    body: string | Buffer;
  }

  /**
   * One request of a connection's sequence. The per-connection `context` is reset to the initial one whenever
   * the sequence starts over, i.e. before every request when the sequence has one request.
   */
  export interface SequenceRequest {
    setupRequest?: (request: RequestData, context: Record<string, unknown>) => RequestData | undefined;
    onResponse?: (
      status: number,
      body: string,
      context: Record<string, unknown>,
      headers: Record<string, string | string[]>,
    ) => void;
  }

  /** One connection; `setupClient` receives it before its first request is sent. */
  export interface Client {
    /** Replaces this connection's request sequence (and builds its first request again). */
    setRequests(requests: SequenceRequest[]): void;
  }

  export interface Options {
    url: string;
    connections: number;
    duration: number;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    /** Counted as a mismatch when it returns false. */
    verifyBody?: (body: string) => boolean;
    timeout?: number;
    requests?: SequenceRequest[];
    /** Called once per connection, before its first request goes out. */
    setupClient?: (client: Client) => void;
  }

  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  }

  export interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    resets: number;
    '2xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { sent: number };
  }

  export interface Instance extends PromiseLike<Result> {
    stop(): void;
    /** Every second: the responses counted in that second. */
    on(event: 'tick', listener: (tick: { counter: number; bytes: number }) => void): this;
  }

  export default function autocannon(options: Options): Instance;
}
