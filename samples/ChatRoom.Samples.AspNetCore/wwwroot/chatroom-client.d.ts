// Types of chatroom-client.js, the ChatRoom browser client (protocol v1). Guide: docs/browser-client.md.

/** A member as the server lists it; `verified` only when its name comes from a checked token. */
export interface Member {
  connectionId: string;
  name: string;
  verified: boolean;
}

/** A stored message of a room; `seq` identifies it within the room. */
export interface ChatMessage {
  room: string;
  seq: number;
  id: string;
  sender: Member;
  text: string;
  /** ISO-8601 UTC. */
  sentAt: string;
  /** Visible to every member and reusable by anyone: match it only on your own messages. */
  clientMessageId: string | null;
  /** Sent by the application as the system (`"system":true`; its sender is `$system`), not by a member: show it apart. */
  system: boolean;
}

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'offline';

export interface ChatRoomClientOptions {
  /** The WebSocket address, e.g. `wss://chat.example.com/ws`; relative and http(s) URLs resolve against the page to ws(s). */
  url: string;
  /** The display name (`?name=`), for servers that allow anonymous clients. */
  name?: string;
  /** A signed token (`?access_token=`); when given, `name` is not sent. */
  token?: string;
  /** How long a missing seq may be overdue before it is filled from history, ms. Default 1000. */
  gapTimeout?: number;
  /** After live activity, how long a room stays quiet before one history check for a lost last frame, ms; 0 turns it off. Default 3000. */
  syncDelay?: number;
  /** The quiet check's jitter, a fraction of syncDelay either way. Default 0.25. */
  syncJitter?: number;
  /** How long a send waits for its acknowledgement before it is sent again with the same id, ms. Default 10000. */
  ackTimeout?: number;
  /** A `ping` is sent when nothing was sent for this long, ms (API Gateway closes idle connections at 10 minutes). Default 300000. */
  keepAliveInterval?: number;
  /** A socket that sends no frame for this long after a ping is dropped and reconnected, ms. Default 10000. */
  pongTimeout?: number;
  /** The first reconnect delay's ceiling, ms; it doubles per failed attempt. Default 500. */
  backoffInitial?: number;
  /** The largest reconnect delay ceiling, ms. Default 30000. */
  backoffMax?: number;
  /** A join refused as `unavailable` or `rate_limited` is retried after this to twice this, ms. Default 2000. */
  joinRetryDelay?: number;
  /** A history request without an answer for this long is given up (a gap fill is tried again), ms. Default 10000. */
  requestTimeout?: number;
  /** `typing()` sends at most once per this, ms. Default 2000. */
  typingInterval?: number;
  /** The largest frame the client sends; a larger send is refused before it could close the socket (1009). Default 32768. */
  maxFrameBytes?: number;
  /** Messages asked for per gap fill (the server allows 100). Default 100. */
  fillLimit?: number;
  /** A WebSocket constructor to use instead of the global one. */
  WebSocket?: new (url: string) => WebSocket;
}

export interface StateChangeDetail {
  state: ConnectionState;
  previous: ConnectionState;
  /** While reconnecting: when the next attempt starts (ms since the epoch). */
  retryAt?: number;
  /** When offline because the server closed: its close code and reason. */
  code?: number;
  reason?: string;
  /** Offline because the token was refused (4401, or an upgrade refused before any socket of this connect() opened); no retry. */
  unauthorized?: boolean;
  /** Offline because the server refused the connection (1008); no retry. */
  refused?: boolean;
}

export interface CloseDetail {
  code: number;
  reason: string;
  willReconnect: boolean;
}

export interface JoinedDetail {
  room: string;
  /** This connection as the server sees it. */
  you: Member | null;
  members: Member[];
  /** Whether the join resumed with `since` (after a reconnect, or `join(room, { since })`). */
  resumed: boolean;
  /** A first join only: older messages exist (page back with `history(room, { before })`). */
  hasMore: boolean;
}

export interface LeftDetail {
  room: string;
  /** `removed`: the server took this connection out of the room; `refused`: the join failed for good. */
  reason: 'removed' | 'refused';
  code?: string;
  message?: string;
}

export interface MessageDetail {
  room: string;
  message: ChatMessage;
  /** Sent by one of this client's connections. */
  own: boolean;
  /** The acknowledgement of one of this client's sends (its promise resolves right after). */
  ack: boolean;
  /** Part of a first join's recent history, not news. */
  initial: boolean;
}

export interface PresenceDetail {
  room: string;
  event: 'joined' | 'left';
  member: Member;
}

export interface MembersDetail {
  room: string;
  /** The whole list as known now. */
  members: Member[];
  /** False while further pages of a large room are still being fetched. */
  complete: boolean;
}

export interface TypingDetail {
  room: string;
  member: Member;
}

export interface SendStatusDetail {
  room: string;
  clientMessageId: string;
  /** `waiting`: not on the wire (offline, room not joined yet, or backing off after `unavailable`); `sending`: sent, awaiting its acknowledgement. */
  status: 'waiting' | 'sending';
}

/** Every error frame the server sent, after the client acted on it. */
export interface ErrorDetail {
  code: string;
  message: string;
  action?: string;
  clientMessageId?: string;
  /** The room, when the client could tell which request failed. */
  room?: string;
}

export interface ChatRoomClientEventMap {
  statechange: CustomEvent<StateChangeDetail>;
  close: CustomEvent<CloseDetail>;
  joined: CustomEvent<JoinedDetail>;
  left: CustomEvent<LeftDetail>;
  message: CustomEvent<MessageDetail>;
  presence: CustomEvent<PresenceDetail>;
  members: CustomEvent<MembersDetail>;
  typing: CustomEvent<TypingDetail>;
  sendstatus: CustomEvent<SendStatusDetail>;
  error: CustomEvent<ErrorDetail>;
}

export interface HistoryPage {
  room: string;
  /** Oldest first. */
  messages: ChatMessage[];
  /** Older messages exist: page on with `before` = the first seq of this page. */
  hasMore: boolean;
}

/** A refusal or failure: a server error code, or `timeout`, `disconnected`, `closed`, `left`, `unauthorized`, `refused`, `frame_too_large`. */
export class ChatRoomError extends Error {
  constructor(code: string, message: string, details?: { action?: string; room?: string; clientMessageId?: string });
  readonly code: string;
  readonly action?: string;
  readonly room?: string;
  readonly clientMessageId?: string;
}

export const DEFAULT_OPTIONS: Readonly<Required<Omit<ChatRoomClientOptions, 'url' | 'name' | 'token' | 'WebSocket'>>>;

/** A random id of 22 url-safe characters, as `send` uses for `clientMessageId`. */
export function newClientMessageId(): string;

/**
 * A connection to a ChatRoom server. Per joined room, `message` events carry each message exactly once in strictly
 * increasing seq; nothing else is de-duplicated.
 */
export class ChatRoomClient extends EventTarget {
  constructor(options: ChatRoomClientOptions);

  readonly state: ConnectionState;
  /** The current connection's id, from its first `joined` reply; null before. */
  readonly connectionId: string | null;
  readonly verified: boolean;
  /** While waiting to reconnect: when the next attempt starts (ms since the epoch); else 0. */
  readonly retryAt: number;
  /** The current WebSocket, for diagnostics and tests. */
  readonly socket: WebSocket | null;
  readonly rooms: string[];

  /** Whether the id is one of this client's connections, current or earlier. */
  isOwnConnection(connectionId: string): boolean;
  /** The highest seq handed over or accounted for in the room; null before its first `joined`. */
  delivered(room: string): number | null;
  members(room: string): Member[];

  /** Connects and stays connected until close(); resolves when online; rejects with `unauthorized`, `refused` or `closed`. */
  connect(): Promise<void>;
  /** While waiting to reconnect, tries now. */
  reconnectNow(): void;
  /** Closes; rooms and unacknowledged sends are kept for the next connect(). */
  close(): void;
  join(room: string, options?: { since?: number }): Promise<JoinedDetail>;
  leave(room: string): Promise<void>;
  /** Resolves with the stored message once acknowledged; rejects with the server's code (not on `unavailable`, which is retried). */
  send(room: string, text: string, options?: { clientMessageId?: string }): Promise<ChatMessage>;
  history(room: string, options?: { before?: number; limit?: number }): Promise<HistoryPage>;
  /** Returns whether a typing frame was sent (at most one per typingInterval). */
  typing(room: string): boolean;

  addEventListener<K extends keyof ChatRoomClientEventMap>(type: K, listener: (event: ChatRoomClientEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ChatRoomClientEventMap>(type: K, listener: (event: ChatRoomClientEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}
