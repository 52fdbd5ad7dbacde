// A flaky link on loopback: a TCP proxy in front of the real server that
// passes every byte both ways and, once armed, cuts the relay's WebSocket
// connections (the upgraded GET /relay sockets) in the middle of the large
// frames a catch-up is made of: it forwards the bytes up to a random point
// inside such a frame and drops both sides at once, as a phone losing
// signal does, so the device holds part of a frame it never sees the end
// of. Each cut follows a plan: how many large frames that connection lets
// through whole first (the device takes them in and moves on), then where
// in the next one to cut. So every cut falls during the catch-up, some
// after the device has made progress, and the number of cuts is the
// plan's. The points come from a seeded generator, so a failing run can be
// repeated with its seed. Everything else (the app's files) passes
// untouched. Plain node:net, with the server-to-client WebSocket framing
// (RFC 6455 5.2) read just far enough to find where frames start and end.
import { createServer, connect } from "node:net";

/** A small seeded generator (mulberry32): numbers in [0, 1). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A frame this long carries entries of the log (a batch); the relay's
// other frames (challenge, welcome, acknowledgements, notices) are short.
const LARGE = 4096;

/** The length of a frame header starting with `h` (bytes so far), once known. */
function headerLength(h) {
  if (h.length < 2) return null;
  const len7 = h[1] & 0x7f;
  return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (h[1] & 0x80 ? 4 : 0);
}

function payloadLength(h) {
  const len7 = h[1] & 0x7f;
  if (len7 < 126) return len7;
  if (len7 === 126) return (h[2] << 8) | h[3];
  return h.slice(2, 10).reduce((n, b) => n * 256 + b, 0);
}

/**
 * The bytes from the relay on one connection: where its frames are, and
 * where to cut when `plan` ({ whole, at }) says so: in the large frame
 * after `whole` whole ones, at fraction `at` of it (its header included).
 */
class Downstream {
  constructor(plan) {
    this.plan = plan;
    this.pos = 0; // bytes of the stream seen before the current chunk
    this.http = ""; // the upgrade response, until its end
    this.frames = false;
    this.frameStart = 0;
    this.header = [];
    this.frameEnd = null;
    this.large = 0;
    this.cutAt = null;
  }

  /** How many bytes of `chunk` go through before the cut (all: no cut in it). */
  feed(chunk) {
    let i = 0;
    while (i < chunk.length && this.cutAt === null && this.plan) {
      if (!this.frames) {
        const before = this.http.length;
        this.http += chunk.subarray(i).toString("latin1");
        const end = this.http.indexOf("\r\n\r\n");
        if (end < 0) break;
        i += end + 4 - before;
        this.frames = true;
        this.frameStart = this.pos + i;
      } else if (this.frameEnd === null) {
        this.header.push(chunk[i++]);
        const need = headerLength(this.header);
        if (need === null || this.header.length < need) continue;
        const length = payloadLength(this.header);
        this.frameEnd = this.frameStart + need + length;
        if (length >= LARGE && this.large++ === this.plan.whole) {
          const at = this.frameStart + Math.floor(this.plan.at * (need + length));
          this.cutAt = Math.max(at, this.pos + i);
        }
      } else {
        i += Math.min(chunk.length - i, this.frameEnd - (this.pos + i));
        if (this.pos + i === this.frameEnd) {
          this.frameStart = this.frameEnd;
          this.frameEnd = null;
          this.header = [];
        }
      }
    }
    const start = this.pos;
    this.pos += chunk.length;
    return this.cutAt !== null && this.cutAt < this.pos ? this.cutAt - start : chunk.length;
  }
}

/**
 * Starts the proxy on a free loopback port in front of `upstreamPort`.
 * Once `arm()` is called, relay connection k (from 0) is cut after
 * `schedule[k]` whole large frames, inside the next one, at a random point;
 * connections after the schedule's end pass whole, so the device can
 * finish.
 */
export async function startFlakyProxy(upstreamPort, { seed, schedule }) {
  const next = random(seed);
  const sockets = new Set();
  const proxy = {
    port: 0,
    relayConnections: 0,
    /** Each cut: large frames let through whole before it, and the bytes
     * from the relay on that connection up to it. */
    cuts: [],
    /** Bytes from the relay on each relay connection that was not cut. */
    whole: [],
    armed: false,
    planned: 0,
    arm() { this.armed = true; },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    const drop = () => { client.destroy(); upstream.destroy(); };
    client.on("close", drop);
    upstream.on("close", drop);
    // A connection's first bytes say what it is: a WebSocket to the relay
    // starts with its upgrade request (browsers never upgrade a connection
    // that served anything before).
    let down = null;
    let first = true;
    client.on("data", (chunk) => {
      if (first) {
        first = false;
        const head = chunk.toString("latin1");
        if (/^GET \/relay[ ?]/.test(head) && /\r\nupgrade: *websocket/i.test(head)) {
          proxy.relayConnections += 1;
          const plan = proxy.armed && proxy.planned < schedule.length
            ? { whole: schedule[proxy.planned++], at: next() }
            : null;
          down = new Downstream(plan);
        }
      }
      upstream.write(chunk);
    });
    let cut = false;
    upstream.on("close", () => { if (down && !cut) proxy.whole.push(down.pos); });
    upstream.on("data", (chunk) => {
      if (cut) return;
      const through = down ? down.feed(chunk) : chunk.length;
      if (through === chunk.length) {
        client.write(chunk);
        return;
      }
      cut = true;
      proxy.cuts.push({ whole: down.plan.whole, bytes: down.cutAt });
      client.write(chunk.subarray(0, through), drop);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.port = server.address().port;
  return proxy;
}
