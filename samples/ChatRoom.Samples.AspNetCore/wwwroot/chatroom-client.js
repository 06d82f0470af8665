/*
 * ChatRoom browser client: protocol v1 over one WebSocket, as an ES module with no dependencies and no build step.
 *
 *   import { ChatRoomClient } from './chatroom-client.js';
 *   const client = new ChatRoomClient({ url: 'wss://chat.example.com/ws', name: 'alice' });
 *   client.addEventListener('message', (event) => show(event.detail.message));
 *   await client.connect();
 *   await client.join('general');
 *   await client.send('general', 'hello');
 *
 * Per joined room it hands the application each message exactly once, in strictly increasing seq, whatever order,
 * repetition or loss the frames arrive with: it buffers messages behind a gap, fills gaps and quiet tails from
 * `history` with `after`, and skips seqs a reply's `from`..`to` range says will never be delivered. It reconnects
 * with exponential backoff and full jitter, rejoins with `since`, resends unacknowledged messages with their
 * clientMessageId and keeps the connection alive. Types: chatroom-client.d.ts; guide: docs/browser-client.md.
 */

/** Defaults of every timing and limit; each can be overridden in the constructor's options. */
export const DEFAULT_OPTIONS = Object.freeze({
  gapTimeout: 1000,
  syncDelay: 3000,
  syncJitter: 0.25,
  ackTimeout: 10000,
  keepAliveInterval: 5 * 60 * 1000,
  pongTimeout: 10000,
  backoffInitial: 500,
  backoffMax: 30000,
  joinRetryDelay: 2000,
  requestTimeout: 10000,
  typingInterval: 2000,
  maxFrameBytes: 32 * 1024,
  fillLimit: 100,
});

const UNAUTHENTICATED_CLOSE = 4401;
const POLICY_CLOSE = 1008;
const TRANSIENT_JOIN_CODES = new Set(['unavailable', 'rate_limited']);
const utf8 = new TextEncoder();

/** A refusal or failure reported by the server (its error `code`) or by the client (`timeout`, `disconnected`, …). */
export class ChatRoomError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{ action?: string, room?: string, clientMessageId?: string }} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'ChatRoomError';
    this.code = code;
    this.action = details.action;
    this.room = details.room;
    this.clientMessageId = details.clientMessageId;
  }
}

/** A random id of 22 url-safe characters (128 bits), for `clientMessageId`. */
export function newClientMessageId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function normalizeMember(raw) {
  if (!raw || typeof raw.connectionId !== 'string') return null;
  // Anything but a literal true (absent: an anonymous member, or a server that does not say) is unverified.
  return { connectionId: raw.connectionId, name: String(raw.name ?? ''), verified: raw.verified === true };
}

function normalizeMembers(list) {
  return (Array.isArray(list) ? list : []).map(normalizeMember).filter(Boolean);
}

function normalizeMessage(raw, room) {
  if (!raw || !Number.isSafeInteger(raw.seq) || raw.seq < 0) return null;
  return {
    room: typeof raw.room === 'string' ? raw.room : room,
    seq: raw.seq,
    id: typeof raw.id === 'string' ? raw.id : '',
    sender: normalizeMember(raw.sender) ?? { connectionId: '', name: '', verified: false },
    text: String(raw.text ?? ''),
    sentAt: typeof raw.sentAt === 'string' ? raw.sentAt : '',
    clientMessageId: typeof raw.clientMessageId === 'string' ? raw.clientMessageId : null,
    // Only the server's literal true: the application sent it as the system, from no member.
    system: raw.system === true,
  };
}

function normalizeMessages(list, room) {
  return (Array.isArray(list) ? list : [])
    .map((raw) => normalizeMessage(raw, room))
    .filter(Boolean)
    .sort((a, b) => a.seq - b.seq);
}

const isSeq = (value) => Number.isSafeInteger(value) && value >= 0;

/**
 * A connection to a ChatRoom server. Events (each a CustomEvent whose `detail` is typed in chatroom-client.d.ts):
 * `statechange`, `close`, `joined`, `left`, `message`, `presence`, `members`, `typing`, `sendstatus`, `error`.
 */
export class ChatRoomClient extends EventTarget {
  #options;
  #state = 'offline';
  #socket = null;
  #generation = 0;
  #wanted = false;
  #opened = false;          // whether the current socket has opened
  #everOnline = false;      // whether any socket of this connect() has opened (a first refusal means a bad token)
  #attempt = 0;
  #reconnectTimer = 0;
  #retryAt = 0;
  #connectWaiters = [];
  #connectionId = null;
  #connectionIds = new Set();
  #verified = false;
  #rooms = new Map();
  #pendingJoins = [];       // room names whose join awaits a reply on this socket (error frames carry no room)
  #pendingLeaves = [];      // { room, resolve } in send order
  #sends = new Map();       // clientMessageId -> send entry
  #historyQueue = [];
  #historyInFlight = null;
  #lastSentAt = 0;
  #keepAliveTimer = 0;
  #pongTimer = 0;

  /** @param {import('./chatroom-client').ChatRoomClientOptions} options */
  constructor(options) {
    super();
    if (!options || typeof options.url !== 'string') throw new TypeError('ChatRoomClient needs options.url, the WebSocket address.');
    this.#options = { ...DEFAULT_OPTIONS };
    for (const [key, value] of Object.entries(options)) if (value !== undefined) this.#options[key] = value;
  }

  /** @returns {'connecting'|'online'|'reconnecting'|'offline'} */
  get state() { return this.#state; }

  /** The current connection's id (learnt from the first `joined` reply on it), or null. */
  get connectionId() { return this.#connectionId; }

  /** Whether the server marks this client `verified` (signed in with a token). */
  get verified() { return this.#verified; }

  /** When the next reconnect attempt starts (ms since the epoch) while waiting to reconnect, else 0. */
  get retryAt() { return this.#reconnectTimer ? this.#retryAt : 0; }

  /** The current WebSocket, for diagnostics and tests; closing it counts as a network drop. */
  get socket() { return this.#socket; }

  /** The rooms this client is in or joining. */
  get rooms() { return [...this.#rooms.keys()]; }

  /** Whether one of this client's connections (current or earlier) has this id: such messages are its own. */
  isOwnConnection(connectionId) { return this.#connectionIds.has(connectionId); }

  /** The highest seq handed over (or accounted for) in a room, or null before its first `joined`. */
  delivered(room) { return this.#rooms.get(room)?.delivered ?? null; }

  /** The room's members as last listed and updated by presence events. */
  members(room) { return [...(this.#rooms.get(room)?.members.values() ?? [])]; }

  /** Opens the connection (and keeps it open until close()); resolves once online, rejects on a refused token. */
  connect() {
    const online = new Promise((resolve, reject) => {
      if (this.#state === 'online') resolve();
      else this.#connectWaiters.push({ resolve, reject });
    });
    if (!this.#wanted) {
      this.#wanted = true;
      this.#attempt = 0;
      this.#everOnline = false;
      this.#open();
    }
    return online;
  }

  /** Skips the rest of the backoff and connects now (e.g. a "Reconnect now" button, or the browser going online). */
  reconnectNow() {
    if (!this.#wanted) this.connect().catch(() => {});
    else if (this.#reconnectTimer) this.#open();
  }

  /** Closes the connection; rooms and unacknowledged sends are kept, so connect() resumes them with `since`. */
  close() {
    this.#wanted = false;
    const socket = this.#socket;
    this.#retire();
    this.#disconnected();
    this.#setState('offline', {});
    try { socket?.close(1000, 'Closed by the client'); } catch { /* already closed */ }
    this.#rejectConnectWaiters(new ChatRoomError('closed', 'The client was closed.'));
  }

  /**
   * Joins a room (first join: the latest messages; with `since`: every message after it) and keeps it joined across
   * reconnects. Resolves with the first `joined` reply's details.
   */
  join(room, { since } = {}) {
    const existing = this.#rooms.get(room);
    if (existing) return existing.joined;
    if (since !== undefined && !isSeq(since)) return Promise.reject(new TypeError('since must be a seq (an integer of 0 or more).'));
    const entry = this.#createRoom(room, since ?? null);
    this.#rooms.set(room, entry);
    if (this.#isOnline()) this.#sendJoin(entry);
    return entry.joined;
  }

  /** Leaves a room: its state, buffered messages and unacknowledged sends are dropped. */
  leave(room) {
    const entry = this.#rooms.get(room);
    if (entry) this.#forgetRoom(entry, new ChatRoomError('left', `Left #${room}.`, { room }));
    if (!this.#isOnline()) return Promise.resolve();
    return new Promise((resolve) => {
      this.#pendingLeaves.push({ room, resolve });
      this.#transmit({ action: 'leave', room });
    });
  }

  /**
   * Sends a message; resolves with it once acknowledged (handed over as a `message` event first). Resent with the same
   * clientMessageId on `unavailable`, after `ackTimeout` and after reconnects; rejects on any other error code.
   */
  send(room, text, { clientMessageId } = {}) {
    const entry = this.#rooms.get(room);
    if (!entry) return Promise.reject(new ChatRoomError('not_a_member', `Join #${room} before sending to it.`, { action: 'sendmessage', room }));
    const id = clientMessageId ?? newClientMessageId();
    const existing = this.#sends.get(id);
    if (existing) return existing.promise;
    const payload = { action: 'sendmessage', room, text: String(text), clientMessageId: id };
    if (utf8.encode(JSON.stringify(payload)).length > this.#options.maxFrameBytes) {
      return Promise.reject(new ChatRoomError('frame_too_large', 'That is too much data to send at once.', { action: 'sendmessage', room, clientMessageId: id }));
    }
    const send = { room, payload, clientMessageId: id, status: 'waiting', attempt: 0, ackTimer: 0, retryTimer: 0, acked: null };
    send.promise = new Promise((resolve, reject) => { send.resolve = resolve; send.reject = reject; });
    this.#sends.set(id, send);
    this.#trySend(send);
    return send.promise;
  }

  /** Pages back: the newest `limit` messages with seq below `before` (or the newest overall), oldest first. */
  history(room, { before, limit = 50 } = {}) {
    if (!this.#rooms.has(room)) return Promise.reject(new ChatRoomError('not_a_member', `Join #${room} first.`, { action: 'history', room }));
    if (!this.#isOnline()) return Promise.reject(new ChatRoomError('disconnected', 'Not connected.', { action: 'history', room }));
    return new Promise((resolve, reject) => {
      this.#historyQueue.push({ kind: 'page', room, before, limit, resolve, reject });
      this.#pumpHistory();
    });
  }

  /** Tells the room this client is typing; sent at most once per `typingInterval`. Returns whether it was sent. */
  typing(room) {
    const entry = this.#rooms.get(room);
    const now = Date.now();
    if (!entry || entry.status !== 'joined' || now - entry.lastTypingAt < this.#options.typingInterval) return false;
    if (!this.#transmit({ action: 'typing', room })) return false;
    entry.lastTypingAt = now;
    return true;
  }

  // -----------------------------------------------------------------------------------------------------------
  // Connection
  // -----------------------------------------------------------------------------------------------------------

  #socketUrl() {
    const url = new URL(this.#options.url, globalThis.location?.href);
    if (url.protocol === 'http:' || url.protocol === 'https:') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.#options.token) url.searchParams.set('access_token', this.#options.token);
    else if (this.#options.name) url.searchParams.set('name', this.#options.name);
    return url.href;
  }

  #open() {
    this.#clearReconnectTimer();
    this.#retire();
    const generation = ++this.#generation;
    this.#setState(this.#everOnline || this.#attempt > 0 ? 'reconnecting' : 'connecting', {});
    let socket;
    try {
      socket = new (this.#options.WebSocket ?? WebSocket)(this.#socketUrl());
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    // Each handler ignores events of a socket already replaced; 'error' is always followed by 'close'.
    socket.addEventListener('open', () => generation === this.#generation && this.#onOpen());
    socket.addEventListener('message', (event) => generation === this.#generation && this.#onFrame(event.data));
    socket.addEventListener('close', (event) => generation === this.#generation && this.#onClose(event));
  }

  #onOpen() {
    this.#opened = true;
    this.#everOnline = true;
    this.#connectionId = null;
    this.#lastSentAt = Date.now();
    this.#setState('online', {});
    const waiters = this.#connectWaiters.splice(0);
    for (const waiter of waiters) waiter.resolve();
    for (const room of this.#rooms.values()) this.#sendJoin(room);
    this.#scheduleKeepAlive();
  }

  #onClose(event) {
    const wasOpen = this.#opened;
    this.#socket = null;
    this.#disconnected();
    const unauthorized = event.code === UNAUTHENTICATED_CLOSE
      // A refused upgrade (HTTP 401 on API Gateway) looks like any failed connection; with a token and no socket
      // ever opened since connect(), the token is the likely cause, and retrying would only loop.
      || (Boolean(this.#options.token) && !wasOpen && !this.#everOnline);
    const refused = event.code === POLICY_CLOSE;
    const willReconnect = this.#wanted && !unauthorized && !refused;
    this.#emit('close', { code: event.code, reason: event.reason ?? '', willReconnect });
    if (willReconnect) {
      this.#scheduleReconnect();
      return;
    }
    this.#wanted = false;
    this.#setState('offline', { code: event.code, reason: event.reason ?? '', unauthorized, refused });
    this.#rejectConnectWaiters(unauthorized
      ? new ChatRoomError('unauthorized', event.reason || 'The server refused the token.')
      : new ChatRoomError('refused', event.reason || 'The server refused the connection.'));
  }

  /** Closes the current socket without reacting to its close event. */
  #retire() {
    const socket = this.#socket;
    if (!socket) return;
    this.#generation++;
    this.#socket = null;
    try { socket.close(); } catch { /* already closing */ }
  }

  /** Resets what belongs to one socket; rooms, delivered seqs and unacknowledged sends stay for the rejoin. */
  #disconnected() {
    this.#opened = false;
    this.#connectionId = null;
    clearTimeout(this.#keepAliveTimer);
    clearTimeout(this.#pongTimer);
    this.#keepAliveTimer = 0;
    this.#pongTimer = 0;
    this.#pendingJoins = [];
    for (const leave of this.#pendingLeaves.splice(0)) leave.resolve();
    this.#resetHistory(new ChatRoomError('disconnected', 'The connection was lost.', { action: 'history' }));
    for (const room of this.#rooms.values()) {
      room.status = 'joining';
      clearTimeout(room.gapTimer);
      clearTimeout(room.quietTimer);
      clearTimeout(room.joinRetryTimer);
      room.gapTimer = 0;
      room.quietTimer = 0;
      room.joinRetryTimer = 0;
    }
    for (const send of this.#sends.values()) {
      clearTimeout(send.ackTimer);
      clearTimeout(send.retryTimer);
      send.ackTimer = 0;
      send.retryTimer = 0;
      if (!send.acked) this.#setSendStatus(send, 'waiting');
    }
  }

  #backoff(attempt) {
    // Full jitter: a uniformly random delay below the exponential ceiling, so clients that lost one server spread out.
    const ceiling = Math.min(this.#options.backoffMax, this.#options.backoffInitial * 2 ** Math.min(attempt, 20));
    return Math.round(Math.random() * ceiling);
  }

  #scheduleReconnect() {
    this.#clearReconnectTimer();
    const delay = this.#backoff(this.#attempt++);
    this.#retryAt = Date.now() + delay;
    this.#reconnectTimer = setTimeout(() => this.#open(), delay);
    this.#setState('reconnecting', { retryAt: this.#retryAt }, true);
  }

  #clearReconnectTimer() {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = 0;
  }

  #scheduleKeepAlive() {
    clearTimeout(this.#keepAliveTimer);
    const due = this.#lastSentAt + this.#options.keepAliveInterval - Date.now();
    this.#keepAliveTimer = setTimeout(() => {
      if (!this.#isOnline()) return;
      if (Date.now() - this.#lastSentAt >= this.#options.keepAliveInterval) {
        this.#transmit({ action: 'ping' });
        // Browsers can take minutes to notice a dead socket; no frame at all after a ping means it is one.
        if (!this.#pongTimer) this.#pongTimer = setTimeout(() => this.#dropDeadSocket(), this.#options.pongTimeout);
      }
      this.#scheduleKeepAlive();
    }, Math.max(0, due));
  }

  #dropDeadSocket() {
    this.#retire();
    this.#disconnected();
    this.#emit('close', { code: 1006, reason: 'No answer to a ping.', willReconnect: true });
    this.#scheduleReconnect();
  }

  #setState(next, details, always = false) {
    const previous = this.#state;
    this.#state = next;
    if (previous !== next || always) this.#emit('statechange', { state: next, previous, ...details });
  }

  #rejectConnectWaiters(error) {
    for (const waiter of this.#connectWaiters.splice(0)) waiter.reject(error);
  }

  #isOnline() {
    return this.#opened && this.#socket?.readyState === 1;
  }

  /** Sends one frame; returns false when offline. */
  #transmit(payload) {
    if (!this.#isOnline()) return false;
    this.#socket.send(JSON.stringify(payload));
    this.#lastSentAt = Date.now();
    return true;
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // -----------------------------------------------------------------------------------------------------------
  // Frames
  // -----------------------------------------------------------------------------------------------------------

  #onFrame(data) {
    clearTimeout(this.#pongTimer); // any frame proves the connection is alive
    this.#pongTimer = 0;
    let frame;
    try { frame = JSON.parse(data); } catch { return; }
    if (!frame || typeof frame !== 'object') return;
    // The server is serving us: the next drop backs off from scratch. Error frames don't count, so a server that
    // rejects and closes us keeps backing off.
    if (frame.type !== 'error') this.#attempt = 0;
    switch (frame.type) {
      case 'joined': return this.#onJoined(frame);
      case 'message': return this.#onLiveMessage(frame);
      case 'history': return this.#onHistory(frame);
      case 'left': return this.#onLeft(frame);
      case 'presence': return this.#onPresence(frame);
      case 'members': return this.#onMembers(frame);
      case 'typing': return this.#onTyping(frame);
      case 'error': return this.#onError(frame);
      default: return undefined;
    }
  }

  #createRoom(name, since) {
    const room = {
      name,
      status: 'joining',      // joining | joined (on the current socket)
      delivered: since,       // highest seq handed over or accounted for; null until the first joined
      joinSince: null,        // the `since` of the join in flight
      buffer: new Map(),      // seq -> { message, initial } for seqs above delivered + 1
      gapTimer: 0,
      quietTimer: 0,
      fillQueued: false,      // a gap fill or quiet check is queued or in flight
      fillFailures: 0,        // fills refused or unanswered in a row: the next waits longer
      joinRetryTimer: 0,
      members: new Map(),
      membersAfter: null,     // the connection id a members page was asked after
      lastTypingAt: -Infinity,
      everJoined: false,
    };
    room.joined = new Promise((resolve, reject) => { room.resolveJoined = resolve; room.rejectJoined = reject; });
    room.joined.catch(() => {}); // a refusal is also a `left` event; an app that does not await join() is not told twice
    return room;
  }

  #sendJoin(room) {
    room.status = 'joining';
    room.joinSince = room.delivered;
    this.#pendingJoins.push(room.name);
    this.#transmit(room.joinSince === null ? { action: 'join', room: room.name } : { action: 'join', room: room.name, since: room.joinSince });
  }

  #onJoined(frame) {
    const index = this.#pendingJoins.indexOf(frame.room);
    if (index >= 0) this.#pendingJoins.splice(index, 1);
    const room = this.#rooms.get(frame.room);
    if (!room) {
      // Left while the join was in flight.
      if (!this.#pendingLeaves.some((leave) => leave.room === frame.room)) this.#transmit({ action: 'leave', room: frame.room });
      return;
    }
    const you = normalizeMember(frame.you);
    if (you) {
      this.#connectionId = you.connectionId;
      this.#connectionIds.add(you.connectionId);
      this.#verified = you.verified;
    }
    const since = room.joinSince;
    const first = !room.everJoined;
    room.status = 'joined';
    room.everJoined = true;

    const members = normalizeMembers(frame.members);
    room.members = new Map(members.map((m) => [m.connectionId, m]));
    room.membersAfter = null;
    // A large room's list does not fit one frame: page in the rest after the last member listed.
    if (frame.moreMembers === true && members.length > 0) this.#requestMembersAfter(room, members.at(-1).connectionId);

    const messages = normalizeMessages(frame.messages, room.name);
    let { from, to } = this.#rangeOf(frame, messages, since);
    if (room.delivered === null) {
      // First join without since: everything listed is new, and the range starts at the first listed seq.
      room.delivered = from === null ? (messages.length ? messages[0].seq - 1 : 0) : from - 1;
      if (to === null) to = room.delivered;
      from = room.delivered + 1;
    }
    this.#emit('joined', {
      room: room.name,
      you,
      members,
      resumed: since !== null,
      hasMore: since === null && frame.hasMore === true,
    });
    this.#emit('members', { room: room.name, members: this.members(room.name), complete: room.membersAfter === null });
    this.#accept(room, messages, from, to, since === null);
    if (first) room.resolveJoined({ room: room.name, you, members, resumed: since !== null, hasMore: since === null && frame.hasMore === true });

    if (this.#rooms.get(room.name) !== room) return;
    if (since !== null && frame.hasMore === true) this.#requestFill(room);
    else if (since !== null) this.#scheduleQuietCheck(room); // once after every rejoin
    for (const send of this.#sends.values()) {
      if (send.room === room.name && !send.acked && send.status === 'waiting' && !send.retryTimer) this.#trySend(send);
    }
    this.#pumpHistory();
  }

  /**
   * The seqs a reply accounts for. With `from`/`to` the server states them; an older server does not, and then the
   * listed messages are the range, starting right after `after`/`since` when the reply answers one.
   */
  #rangeOf(frame, messages, after) {
    if (isSeq(frame.from) && isSeq(frame.to) && frame.to >= frame.from) return { from: frame.from, to: frame.to };
    if (messages.length === 0) return { from: null, to: null };
    const first = messages[0].seq;
    return { from: after !== null && first > after ? after + 1 : first, to: messages.at(-1).seq };
  }

  #onLiveMessage(frame) {
    const room = this.#rooms.get(frame.room);
    const message = room && normalizeMessage(frame, room.name);
    if (!message) return;
    this.#accept(room, [message], null, null, false);
    if (this.#rooms.get(room.name) === room && room.status === 'joined') this.#scheduleQuietCheck(room);
  }

  /**
   * Steps 1–4 of the client algorithm: messages above `delivered` join the buffer (a seq already buffered or
   * delivered is a repeat and dropped); a range `from`..`to` that starts at or below delivered + 1 accounts for every
   * seq up to `to`, so the buffered ones up to it go out in seq order and the rest of the range is skipped for good.
   */
  #accept(room, messages, from, to, initial) {
    for (const message of messages) {
      this.#noteAcknowledgement(message);
      if (room.delivered !== null && message.seq <= room.delivered) {
        this.#settleAcknowledged(message);
        continue;
      }
      if (!room.buffer.has(message.seq)) room.buffer.set(message.seq, { message, initial });
    }
    if (room.delivered === null) return; // joining: buffered until the joined reply says where the room stands
    if (from !== null && to !== null && from <= room.delivered + 1 && to > room.delivered) {
      for (const seq of [...room.buffer.keys()].sort((a, b) => a - b)) {
        if (seq > to) break;
        this.#deliverBuffered(room, seq);
        if (this.#rooms.get(room.name) !== room) return;
      }
      room.delivered = Math.max(room.delivered, to);
    }
    this.#drain(room);
  }

  #drain(room) {
    for (const seq of room.buffer.keys()) if (seq <= room.delivered) room.buffer.delete(seq);
    while (room.buffer.has(room.delivered + 1)) {
      this.#deliverBuffered(room, room.delivered + 1);
      if (this.#rooms.get(room.name) !== room) return;
    }
    if (room.buffer.size === 0) {
      clearTimeout(room.gapTimer);
      room.gapTimer = 0;
    } else if (!room.gapTimer && !room.fillQueued) {
      // A later seq arrived first: wait a moment for the missing one (frames of concurrent invocations cross), then fill.
      const delay = Math.min(this.#options.backoffMax, this.#options.gapTimeout * 2 ** Math.min(room.fillFailures, 10));
      room.gapTimer = setTimeout(() => {
        room.gapTimer = 0;
        if (room.buffer.size > 0 && this.#rooms.get(room.name) === room) this.#requestFill(room);
      }, delay);
    }
  }

  #deliverBuffered(room, seq) {
    const { message, initial } = room.buffer.get(seq);
    room.buffer.delete(seq);
    room.delivered = seq;
    const send = message.clientMessageId !== null ? this.#sends.get(message.clientMessageId) : undefined;
    const ack = Boolean(send && send.acked === message);
    if (ack) this.#sends.delete(message.clientMessageId);
    const own = this.#connectionIds.has(message.sender.connectionId);
    this.#emit('message', { room: room.name, message, own, ack, initial });
    if (ack) send.resolve(message);
  }

  /** The acknowledgement is the room's message from one of this client's connections carrying the send's id. */
  #noteAcknowledgement(message) {
    if (message.clientMessageId === null || !this.#connectionIds.has(message.sender.connectionId)) return;
    const send = this.#sends.get(message.clientMessageId);
    if (!send || send.room !== message.room || send.acked) return;
    send.acked = message;
    clearTimeout(send.ackTimer);
    clearTimeout(send.retryTimer);
    send.ackTimer = 0;
    send.retryTimer = 0;
  }

  /** An acknowledgement of a message the room already handed over settles its send at once. */
  #settleAcknowledged(message) {
    const send = message.clientMessageId !== null ? this.#sends.get(message.clientMessageId) : undefined;
    if (!send || send.acked !== message) return;
    this.#sends.delete(message.clientMessageId);
    send.resolve(message);
  }

  #scheduleQuietCheck(room) {
    clearTimeout(room.quietTimer);
    room.quietTimer = 0;
    const { syncDelay, syncJitter } = this.#options;
    if (!(syncDelay > 0)) return;
    // A lost frame with nothing after it leaves no gap to see; one look after the room goes quiet finds it.
    const delay = syncDelay * (1 + syncJitter * (2 * Math.random() - 1));
    room.quietTimer = setTimeout(() => {
      room.quietTimer = 0;
      if (this.#rooms.get(room.name) === room && room.status === 'joined') this.#requestFill(room);
    }, delay);
  }

  // -----------------------------------------------------------------------------------------------------------
  // History: gap fills, quiet checks and paging back, one request in flight (error frames carry no room)
  // -----------------------------------------------------------------------------------------------------------

  #requestFill(room) {
    if (room.fillQueued || room.status !== 'joined') return;
    room.fillQueued = true;
    clearTimeout(room.gapTimer);
    room.gapTimer = 0;
    this.#historyQueue.push({ kind: 'fill', room: room.name });
    this.#pumpHistory();
  }

  #pumpHistory() {
    if (this.#historyInFlight || !this.#isOnline()) return;
    while (this.#historyQueue.length > 0) {
      const request = this.#historyQueue.shift();
      const room = this.#rooms.get(request.room);
      if (request.kind === 'fill') {
        if (!room || room.status !== 'joined' || room.delivered === null) {
          if (room) room.fillQueued = false;
          continue;
        }
        request.after = room.delivered;
        this.#transmit({ action: 'history', room: request.room, after: request.after, limit: this.#options.fillLimit });
      } else {
        if (!room) {
          request.reject(new ChatRoomError('not_a_member', `Not in #${request.room}.`, { action: 'history', room: request.room }));
          continue;
        }
        const payload = { action: 'history', room: request.room, limit: request.limit };
        if (request.before !== undefined) payload.before = request.before;
        this.#transmit(payload);
      }
      request.timer = setTimeout(() => this.#historyFailed(request, new ChatRoomError('timeout', 'No answer to history.', { action: 'history', room: request.room })), this.#options.requestTimeout);
      this.#historyInFlight = request;
      return;
    }
  }

  #historyFailed(request, error) {
    if (this.#historyInFlight !== request) return;
    clearTimeout(request.timer);
    this.#historyInFlight = null;
    const room = this.#rooms.get(request.room);
    if (request.kind === 'fill') {
      if (room) {
        room.fillQueued = false;
        room.fillFailures++;
        this.#drain(room); // a gap still open tries again, later each time
      }
    } else {
      request.reject(error);
    }
    this.#pumpHistory();
  }

  #resetHistory(error) {
    const requests = [...(this.#historyInFlight ? [this.#historyInFlight] : []), ...this.#historyQueue.splice(0)];
    clearTimeout(this.#historyInFlight?.timer);
    this.#historyInFlight = null;
    for (const request of requests) {
      if (request.kind === 'page') request.reject(error);
      else if (this.#rooms.get(request.room)) this.#rooms.get(request.room).fillQueued = false;
    }
  }

  #onHistory(frame) {
    const request = this.#historyInFlight;
    if (!request || request.room !== frame.room) return; // an answer that timed out already
    const messages = normalizeMessages(frame.messages, frame.room);
    const older = request.kind === 'page' && request.before !== undefined ? messages.filter((m) => m.seq < request.before) : messages;
    if (older.length === 0 && messages.length > 0) return; // a timed-out fill's late answer, not this page
    clearTimeout(request.timer);
    this.#historyInFlight = null;
    const room = this.#rooms.get(frame.room);
    if (request.kind === 'page') {
      request.resolve({ room: frame.room, messages: older, hasMore: frame.hasMore === true && older.length > 0 });
    } else if (room) {
      this.#onFilled(room, frame, messages, request.after);
    }
    this.#pumpHistory();
  }

  /** Step 4: a gap fill's (or quiet check's) reply. */
  #onFilled(room, frame, messages, after) {
    room.fillQueued = false;
    room.fillFailures = 0;
    const before = room.delivered;
    const ignoredAfter = messages.some((m) => m.seq <= after); // a server without `after` answered with its latest
    const stated = isSeq(frame.from) && isSeq(frame.to);
    const { from, to } = this.#rangeOf(frame, messages, ignoredAfter ? null : after);
    this.#accept(room, messages, from, to, false);
    if (this.#rooms.get(room.name) !== room || room.status !== 'joined') return;
    const progressed = room.delivered > before;
    if (room.buffer.size === 0 && frame.hasMore !== true) return; // the gap is closed
    if (progressed) {
      this.#requestFill(room); // the reply was cut: fill on at once
    } else if (!stated && room.buffer.size > 0) {
      // A server that states no ranges cannot say the missing seqs will never come: never stall the room on them.
      this.#deliverBuffered(room, Math.min(...room.buffer.keys()));
      if (this.#rooms.get(room.name) === room) this.#drain(room);
    } else {
      this.#drain(room); // no progress this time (a hole the store could not seal yet): try again after gapTimeout
    }
  }

  // -----------------------------------------------------------------------------------------------------------
  // Sends
  // -----------------------------------------------------------------------------------------------------------

  #trySend(send) {
    const room = this.#rooms.get(send.room);
    if (!room) return;
    clearTimeout(send.ackTimer);
    clearTimeout(send.retryTimer);
    send.ackTimer = 0;
    send.retryTimer = 0;
    // Sends wait for the room's joined reply: on API Gateway a sendmessage right behind a join may run first.
    if (room.status !== 'joined' || !this.#transmit(send.payload)) {
      this.#setSendStatus(send, 'waiting');
      return;
    }
    this.#setSendStatus(send, 'sending');
    send.ackTimer = setTimeout(() => {
      send.ackTimer = 0;
      send.attempt++;
      this.#trySend(send); // the same clientMessageId: the server never stores it twice
    }, this.#options.ackTimeout);
  }

  #setSendStatus(send, status) {
    if (send.status === status) return;
    send.status = status;
    this.#emit('sendstatus', { room: send.room, clientMessageId: send.clientMessageId, status });
  }

  #onSendError(send, frame) {
    if (send.acked) return;
    clearTimeout(send.ackTimer);
    send.ackTimer = 0;
    if (frame.code === 'unavailable') {
      this.#setSendStatus(send, 'waiting');
      send.retryTimer = setTimeout(() => {
        send.retryTimer = 0;
        this.#trySend(send);
      }, this.#backoff(send.attempt++));
      return;
    }
    this.#sends.delete(send.clientMessageId);
    send.reject(new ChatRoomError(frame.code ?? 'error', String(frame.message ?? 'The message was not sent.'), {
      action: 'sendmessage', room: send.room, clientMessageId: send.clientMessageId,
    }));
  }

  // -----------------------------------------------------------------------------------------------------------
  // Rooms, members, presence, typing, errors
  // -----------------------------------------------------------------------------------------------------------

  #forgetRoom(room, error) {
    clearTimeout(room.gapTimer);
    clearTimeout(room.quietTimer);
    clearTimeout(room.joinRetryTimer);
    this.#rooms.delete(room.name);
    room.rejectJoined(error);
    for (const send of [...this.#sends.values()]) {
      if (send.room !== room.name) continue;
      clearTimeout(send.ackTimer);
      clearTimeout(send.retryTimer);
      this.#sends.delete(send.clientMessageId);
      send.reject(error);
    }
  }

  #onLeft(frame) {
    const index = this.#pendingLeaves.findIndex((leave) => leave.room === frame.room);
    if (index >= 0) {
      this.#pendingLeaves.splice(index, 1)[0].resolve();
      return;
    }
    const room = this.#rooms.get(frame.room);
    if (!room) return;
    // Not asked for: the server removed this connection from the room.
    this.#forgetRoom(room, new ChatRoomError('left', `Removed from #${frame.room}.`, { room: frame.room }));
    this.#emit('left', { room: frame.room, reason: 'removed' });
  }

  #requestMembersAfter(room, connectionId) {
    room.membersAfter = connectionId;
    this.#transmit({ action: 'members', room: room.name, after: connectionId });
  }

  #onMembers(frame) {
    const room = this.#rooms.get(frame.room);
    if (!room) return;
    const members = normalizeMembers(frame.members);
    if (room.membersAfter === null) room.members = new Map();
    for (const member of members) room.members.set(member.connectionId, member);
    room.membersAfter = null;
    if (frame.hasMore === true && members.length > 0) this.#requestMembersAfter(room, members.at(-1).connectionId);
    this.#emit('members', { room: room.name, members: this.members(room.name), complete: room.membersAfter === null });
  }

  #onPresence(frame) {
    const room = this.#rooms.get(frame.room);
    const member = normalizeMember(frame.member);
    if (!room || !member || (frame.event !== 'joined' && frame.event !== 'left')) return;
    if (frame.event === 'joined') room.members.set(member.connectionId, member);
    else room.members.delete(member.connectionId);
    this.#emit('presence', { room: room.name, event: frame.event, member });
    this.#emit('members', { room: room.name, members: this.members(room.name), complete: room.membersAfter === null });
  }

  #onTyping(frame) {
    const member = normalizeMember(frame.member);
    if (!this.#rooms.has(frame.room) || !member || this.#connectionIds.has(member.connectionId)) return;
    this.#emit('typing', { room: frame.room, member });
  }

  #onError(frame) {
    const code = typeof frame.code === 'string' ? frame.code : 'error';
    const message = typeof frame.message === 'string' ? frame.message : '';
    const detail = { code, message, action: typeof frame.action === 'string' ? frame.action : undefined };
    if (typeof frame.clientMessageId === 'string') detail.clientMessageId = frame.clientMessageId;
    switch (detail.action) {
      case 'sendmessage': {
        const send = this.#sends.get(frame.clientMessageId);
        if (send) {
          detail.room = send.room;
          this.#onSendError(send, frame);
        }
        break;
      }
      case 'join':
        detail.room = this.#onJoinError(code, message);
        break;
      case 'history': {
        const request = this.#historyInFlight;
        if (request) {
          detail.room = request.room;
          this.#historyFailed(request, new ChatRoomError(code, message, { action: 'history', room: request.room }));
        }
        break;
      }
      case 'leave':
        // Not a member (any more) is as good as left.
        this.#pendingLeaves.shift()?.resolve();
        break;
      case 'members':
        for (const room of this.#rooms.values()) room.membersAfter = null;
        break;
      default:
        break;
    }
    this.#emit('error', detail);
  }

  /** Error frames carry no room; replies come in request order, so a join's error belongs to the oldest join. */
  #onJoinError(code, message) {
    const name = this.#pendingJoins.shift();
    const room = name === undefined ? undefined : this.#rooms.get(name);
    if (!room) return name;
    if (TRANSIENT_JOIN_CODES.has(code)) {
      const delay = this.#options.joinRetryDelay * (1 + Math.random());
      room.joinRetryTimer = setTimeout(() => {
        room.joinRetryTimer = 0;
        if (this.#rooms.get(name) === room && room.status === 'joining' && this.#isOnline()) this.#sendJoin(room);
      }, delay);
      return name;
    }
    this.#forgetRoom(room, new ChatRoomError(code, message, { action: 'join', room: name }));
    this.#emit('left', { room: name, reason: 'refused', code, message });
    return name;
  }
}
