/**
 * Loaded into the web server by `npm start` (NODE_OPTIONS=--import). Next.js fills
 * `X-Forwarded-For` from the socket only when the request has none, and route handlers never see
 * the socket, so a client talking to the server directly could name any address it likes. This
 * appends the socket's address to the header, as a proxy would, before Next.js reads it: the last
 * entry is then always the real peer, and `lib/auth/client-address.ts` decides (with
 * `COGNATE_TRUSTED_PROXIES`) which entries to believe.
 */
import http from "node:http";

const emit = http.Server.prototype.emit;

http.Server.prototype.emit = function emitWithPeerAddress(event, ...args) {
  if (event === "request") {
    const [req] = args;
    const peer = req.socket?.remoteAddress;
    if (peer) {
      const sent = req.headers["x-forwarded-for"];
      req.headers["x-forwarded-for"] = sent ? `${sent}, ${peer}` : peer;
    }
  }
  return emit.call(this, event, ...args);
};
