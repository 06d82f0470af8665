/*
 * ChatRoom sample page – protocol v1 through chatroom-client.js (the browser module) over a WebSocket: the one its
 * host names in GET config (the serverless stack's wss:// stage URL), else same-origin /ws.
 * The module keeps the connection, rejoins after drops and hands over each room's messages once, in seq order; this
 * file is the page around it.
 *
 * URL parameters (optional):
 *   ?name=alice             prefill the display name; when it is valid the page connects right away
 *   ?room=lobby             room to open first (defaults to "general")
 *   e.g.  /?name=alice&room=lobby   -> connects as "alice" and joins "lobby" without any clicks
 *
 * Config: at start the page asks GET config (relative to the page) for
 *   { webSocketUrl?, tokens, tokenRequired, keepAliveSeconds? }
 * webSocketUrl: where to connect (absent: same-origin /ws); keepAliveSeconds: how long the socket may stay silent
 * before the module pings (absent: 30 s; the serverless stack says 300, since every ping there is a Lambda invocation).
 * A host without config, or an unreadable answer, leaves anonymous mode, /ws and 30 s.
 *
 * Tokens: the config says whether the server checks signed tokens. If it does, the join form shows a
 * token field, the socket connects with ?access_token=…, and the name shown is the token's (the server ignores
 * ?name= then). A refusal (close code 4401, or a refused upgrade before the socket ever opened) returns to the form.
 * The token is kept in sessionStorage only, for this tab.
 *
 * Test hooks:
 *   window.chatRoom.socket()  current WebSocket (closing it counts as a network drop -> auto-reconnect)
 *   window.chatRoom.state()   "connecting" | "online" | "reconnecting" | "offline"
 *   window.chatRoom.client()  the ChatRoomClient
 *   window.chatRoom.config()  the connection settings in use: { webSocketUrl, keepAliveMs, tokens, tokenRequired }
 *   Stable element ids / attributes are listed in index.html.
 *
 * Security: every piece of user-provided text (names, rooms, messages) is written with textContent,
 * never innerHTML. Names are self-chosen unless the server marks the member `verified` (signed in with a token),
 * so only those get the "Signed in" mark. Messages are told apart by seq alone (the module's job): clientMessageIds are
 * visible to every member, so only the module's acknowledgement (`ack`) settles a pending send.
 */
import { ChatRoomClient, newClientMessageId } from './chatroom-client.js';

// ---------------------------------------------------------------------------------------------
// Limits and timings
// ---------------------------------------------------------------------------------------------

const ROOM_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const DEFAULT_ROOM = 'general';
const AUTO_JOINED_ROOM = 'general'; // the server silently joins every new connection to this room
const MAX_NAME_LENGTH = 32;
const MAX_TEXT_LENGTH = 4000;
const HISTORY_PAGE_SIZE = 50;
const TYPING_VISIBLE_MS = 3000;
// A page shows whether it is online: ping after 30 s of silence, so a dead socket is noticed within 40 s, unless the
// host's config says otherwise.
const DEFAULT_KEEP_ALIVE_MS = 30000;
const NOTICE_VISIBLE_MS = 7000;
const MAX_NOTICES = 4;
const NEAR_EDGE_PX = 48;
const NAME_STORAGE_KEY = 'chatroom.name';
const ROOM_STORAGE_KEY = 'chatroom.room';
const TOKEN_STORAGE_KEY = 'chatroom.token';

// Friendly text per server error code.
const ERROR_TEXT = {
  bad_request: 'The server could not understand that request.',
  unknown_action: 'The server does not support that action.',
  invalid_room: 'Room names are 1–64 characters: letters, digits, “-”, “_” or “.”.',
  invalid_text: 'Message too long (max 4000 characters).',
  not_a_member: 'You are not in that room any more — rejoin it and try again.',
  too_many_rooms: 'You have joined too many rooms — leave one before joining another.',
  rate_limited: 'You’re sending too fast — slow down a little.',
  forbidden: 'You are not allowed to do that.',
  unavailable: 'The chat service is temporarily unavailable — please try again shortly.',
};

// Short status shown under a message that failed to send.
const FAILURE_TEXT = {
  rate_limited: 'Not sent — you were sending too fast.',
  unavailable: 'Not sent — the service is unavailable.',
  invalid_text: 'Not sent — message too long.',
  not_a_member: 'Not sent — you are not in this room.',
};

// Errors for these actions are background noise (the user did not ask for them explicitly); join refusals arrive
// as `left` events with their own, room-specific notice.
const QUIET_ERROR_ACTIONS = new Set(['typing', 'ping', 'leave', 'members', 'join']);
// A failed message with one of these codes will fail again unchanged, so no "Retry" button.
const PERMANENT_SEND_CODES = new Set(['invalid_text', 'bad_request', 'frame_too_large']);

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

const state = {
  signedIn: false,
  name: '',
  token: '',                // sign-in token, when the server checks tokens
  auth: { tokens: false, tokenRequired: false },
  webSocketUrl: '',         // from the host's config; empty means same-origin /ws
  keepAliveMs: DEFAULT_KEEP_ALIVE_MS,
  conn: 'offline',          // connecting | online | reconnecting | offline
  client: null,             // the ChatRoomClient of this sign-in
  countdownTimer: 0,
  rooms: new Map(),         // room name -> room state (see createRoom), in sidebar order
  current: null,            // name of the room shown in the main pane
  verified: false,          // whether the server marks us as signed in (shown on messages still pending)
};

function createRoom(name) {
  return {
    name,
    status: 'joining',      // joining | joined
    joinedOnce: false,
    messages: [],           // shown messages ascending by seq: { seq, sender, text, sentAt, clientMessageId, own, el }
    pending: new Map(),     // clientMessageId -> pending entry (see sendChatMessage)
    members: new Map(),     // connectionId -> { connectionId, name, verified }
    typing: new Map(),      // connectionId -> { name, timer }
    hasOlder: false,
    loadingOlder: false,
    unread: 0,
    scroll: null,           // remembered scroll position while another room is shown
    listItem: null,         // the room's <li> in #rooms
  };
}

// ---------------------------------------------------------------------------------------------
// DOM helpers
// ---------------------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);
const dom = {
  body: document.body,
  joinForm: $('join-form'),
  nameField: $('name-field'),
  nameInput: $('name-input'),
  tokenField: $('token-field'),
  tokenInput: $('token-input'),
  roomInput: $('room-input'),
  roomLabel: $('room-label'),
  joinButton: $('join-button'),
  joinError: $('join-error'),
  welcome: $('welcome'),
  welcomeCard: $('welcome-card'),
  sidebarFormSlot: $('sidebar-form-slot'),
  sidebar: $('sidebar'),
  sidebarToggle: $('sidebar-toggle'),
  backdrop: $('backdrop'),
  connectionState: $('connection-state'),
  reconnectButton: $('reconnect-button'),
  userChip: $('user-chip'),
  userName: $('user-name'),
  signOutButton: $('sign-out-button'),
  rooms: $('rooms'),
  members: $('members'),
  memberCount: $('member-count'),
  chat: $('chat'),
  noRoom: $('no-room'),
  roomTitle: $('room-title'),
  leaveButton: $('leave-button'),
  scroller: $('scroller'),
  loadOlder: $('load-older'),
  historyStart: $('history-start'),
  messages: $('messages'),
  jumpLatest: $('jump-latest'),
  typing: $('typing'),
  composerForm: $('composer-form'),
  composer: $('composer'),
  sendButton: $('send-button'),
  charCount: $('char-count'),
  notices: $('notices'),
  announcer: $('announcer'),
};

/** Creates an element; `text` is always set via textContent so it can never become markup. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(className, text, onClick, ariaLabel) {
  const node = el('button', className, text);
  node.type = 'button';
  if (ariaLabel) node.setAttribute('aria-label', ariaLabel);
  node.addEventListener('click', onClick);
  return node;
}

function storageGet(key) {
  try { return localStorage.getItem(key) ?? ''; } catch { return ''; }
}

function storageSet(key, value) {
  try { localStorage.setItem(key, value); } catch { /* private mode: just don't remember */ }
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayTimeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

function timeElement(iso) {
  const date = new Date(iso);
  const node = el('time', 'message-time');
  if (Number.isNaN(date.getTime())) return node;
  const isToday = date.toDateString() === new Date().toDateString();
  node.dateTime = date.toISOString();
  node.textContent = (isToday ? timeFormat : dayTimeFormat).format(date);
  node.title = fullFormat.format(date);
  return node;
}

function initial(name) {
  return ([...String(name).trim()][0] ?? '?').toUpperCase();
}

/** A stable hue per name so each person keeps the same avatar colour. */
function hueOf(name) {
  let hash = 0;
  for (const ch of String(name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash % 360;
}

function avatar(name) {
  const node = el('span', 'avatar', initial(name));
  node.setAttribute('aria-hidden', 'true');
  node.style.setProperty('--hue', String(hueOf(name)));
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgElement(tag, attributes) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** The mark beside a name the server vouches for: its member signed in with a token. */
function verifiedMark() {
  const node = el('span', 'verified');
  node.setAttribute('role', 'img');
  node.setAttribute('aria-label', 'Signed in');
  node.title = 'Signed in';
  const icon = svgElement('svg', { viewBox: '0 0 16 16', width: '10', height: '10', 'aria-hidden': 'true', focusable: 'false' });
  icon.append(svgElement('path', {
    d: 'M3.5 8.5l3 3 6-7', fill: 'none', stroke: 'currentColor', 'stroke-width': '2.5', 'stroke-linecap': 'round', 'stroke-linejoin': 'round',
  }));
  node.append(icon);
  return node;
}

/** A name followed by the "Signed in" mark when the member is verified. */
function nameElements(className, member) {
  const name = el('span', className, member.name);
  return member.verified ? [name, verifiedMark()] : [name];
}

// ---------------------------------------------------------------------------------------------
// Notices and announcements
// ---------------------------------------------------------------------------------------------

function showNotice(code, text, { kind = 'error', detail = '' } = {}) {
  // Refresh an identical notice instead of stacking copies (e.g. repeated rate limiting).
  for (const existing of dom.notices.children) {
    if (existing.dataset.code === code && existing.dataset.text === text) {
      existing.remove();
      break;
    }
  }
  const notice = el('div', `notice notice-${kind}`);
  notice.dataset.code = code;
  notice.dataset.text = text;
  notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  if (detail && detail !== text) notice.title = detail;
  const dismiss = () => notice.remove();
  notice.append(el('span', 'notice-text', text), button('notice-close', '×', dismiss, 'Dismiss notice'));
  dom.notices.append(notice);
  setTimeout(dismiss, NOTICE_VISIBLE_MS);
  while (dom.notices.children.length > MAX_NOTICES) dom.notices.firstElementChild.remove();
}

function errorText(frame, pending) {
  if (frame.code === 'invalid_text' && pending && pending.text.length <= MAX_TEXT_LENGTH) {
    return 'That message could not be sent (messages must be 1–4000 characters).';
  }
  return ERROR_TEXT[frame.code] ?? frame.message ?? 'Something went wrong.';
}

/** Screen-reader announcement for things that are not in a live region themselves. */
function announce(text) {
  dom.announcer.textContent = '';
  requestAnimationFrame(() => { dom.announcer.textContent = text; });
}

// ---------------------------------------------------------------------------------------------
// Connection (the module reconnects, rejoins with `since` and resends; the page shows what happens)
// ---------------------------------------------------------------------------------------------

function socketUrl() {
  if (state.webSocketUrl) return state.webSocketUrl;
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

function isOnline() {
  return state.conn === 'online';
}

function connect() {
  const client = new ChatRoomClient({
    url: socketUrl(),
    name: state.token ? undefined : state.name,
    token: state.token || undefined,
    keepAliveInterval: state.keepAliveMs,
  });
  state.client = client;
  const handlers = {
    statechange: onStateChange,
    close: onClose,
    joined: onJoined,
    left: onLeft,
    message: onMessage,
    members: onMembers,
    presence: onPresence,
    typing: onTyping,
    sendstatus: onSendStatus,
    error: onError,
  };
  // Events of a client already replaced (signed out) are ignored.
  for (const [type, handler] of Object.entries(handlers)) {
    client.addEventListener(type, (event) => state.client === client && handler(event.detail));
  }
  client.connect().catch(() => { /* a refusal arrives as a statechange to offline */ });
}

function disconnect() {
  const client = state.client;
  state.client = null;
  client?.close();
  setConnState('offline');
}

function onStateChange({ state: next, unauthorized, refused, reason }) {
  if (next !== 'online') {
    for (const room of state.rooms.values()) {
      room.status = 'joining';
      room.loadingOlder = false;
      clearAllTyping(room);
    }
  }
  setConnState(next);
  // The server auto-joins "general" without telling us; leave it unless the user wants it.
  if (next === 'online' && !state.rooms.has(AUTO_JOINED_ROOM)) state.client.leave(AUTO_JOINED_ROOM);
  if (unauthorized) {
    tokenRefused(reason);
    return;
  }
  if (refused) showNotice('refused', 'The server refused the connection.', { detail: reason });
  renderAll();
}

function onClose({ code, reason }) {
  const reasons = {
    1001: 'The server is restarting — reconnecting…',
    1008: 'The server closed the connection (policy violation).',
    1009: 'The server closed the connection because a message was too large.',
  };
  if (reasons[code]) showNotice(`closed_${code}`, reasons[code], { kind: code === 1001 ? 'info' : 'error', detail: reason });
}

function setConnState(next) {
  const previous = state.conn;
  state.conn = next;
  clearInterval(state.countdownTimer);
  state.countdownTimer = next === 'reconnecting' ? setInterval(renderConnState, 250) : 0;
  renderConnState();
  if (previous === next) return;
  if (next === 'online' && previous === 'reconnecting') announce('Reconnected.');
  if (next === 'reconnecting' && previous === 'online') announce('Connection lost. Reconnecting…');
}

// ---------------------------------------------------------------------------------------------
// Client events
// ---------------------------------------------------------------------------------------------

function onJoined(detail) {
  const room = state.rooms.get(detail.room);
  if (!room) return;
  state.verified = state.client.verified;
  room.status = 'joined';
  if (!room.joinedOnce) room.hasOlder = detail.hasMore;
  room.joinedOnce = true;
  updateRoomItem(room);
  if (room.name !== state.current) return;
  renderHistoryControls();
  // The join's messages follow this event; fill the viewport once they are in.
  queueMicrotask(() => room.name === state.current && fillViewport(room));
}

function onLeft({ room: name, reason, code, message }) {
  if (!state.rooms.has(name)) return;
  removeRoom(name);
  if (reason === 'refused') showNotice(code ?? 'error', `Couldn’t join #${name}: ${errorText({ code, message })}`, { detail: message });
  else showNotice('left', `You are no longer in #${name}.`, { kind: 'info' });
}

function onPresence({ room: name, event, member }) {
  const room = state.rooms.get(name);
  if (room && event === 'left') clearTyping(room, member.connectionId);
}

function onMembers({ room: name, members }) {
  const room = state.rooms.get(name);
  if (!room) return;
  room.members = new Map(members.map((m) => [m.connectionId, m]));
  if (room.name === state.current) renderMembers();
}

function onMessage({ room: name, message, own, ack, initial }) {
  const room = state.rooms.get(name);
  if (!room) return;
  if (ack) settlePending(room, message.clientMessageId);
  addMessages(room, [{ ...message, own }], { live: !initial });
}

function onTyping({ room: name, member }) {
  const room = state.rooms.get(name);
  if (!room) return;
  clearTimeout(room.typing.get(member.connectionId)?.timer);
  const timer = setTimeout(() => clearTyping(room, member.connectionId), TYPING_VISIBLE_MS);
  room.typing.set(member.connectionId, { name: member.name, timer });
  if (room.name === state.current) renderTyping();
}

function onSendStatus({ room, clientMessageId, status }) {
  const entry = state.rooms.get(room)?.pending.get(clientMessageId);
  if (entry) setPendingStatus(entry, status);
}

function onError(detail) {
  if (QUIET_ERROR_ACTIONS.has(detail.action)) return;
  const pending = detail.action === 'sendmessage' && detail.clientMessageId ? findPending(detail.clientMessageId) : null;
  showNotice(detail.code, errorText(detail, pending), { detail: detail.message });
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/** Inserts into the seq-ordered array and returns the index used. */
function insertSorted(messages, message) {
  let low = 0;
  let high = messages.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (messages[mid].seq < message.seq) low = mid + 1;
    else high = mid;
  }
  messages.splice(low, 0, message);
  return low;
}

/**
 * Shows messages the module handed over (each once, in seq order) or an older page.
 * `live` = new traffic (counts as unread), `older` = a history page above.
 */
function addMessages(room, list, { live = false, older = false } = {}) {
  const isCurrent = room.name === state.current;
  const scroll = isCurrent ? captureScroll() : null;
  let newFromOthers = 0;

  let lastFromOthers = null;
  for (const message of list) {
    message.el = messageElement(message);
    const index = insertSorted(room.messages, message);
    if (isCurrent) dom.messages.insertBefore(message.el, room.messages[index + 1]?.el ?? firstPendingElement(room));

    if (live && !message.own) {
      newFromOthers++;
      lastFromOthers = message;
      clearTyping(room, message.sender.connectionId);
    }
  }

  if (!isCurrent) {
    room.unread += newFromOthers;
    updateRoomItem(room);
    updateTitle();
    return;
  }
  if (older) keepScrollAnchor(scroll);
  else if (scroll.atBottom) scrollToBottom();
  else if (newFromOthers > 0) dom.jumpLatest.hidden = false;
  renderHistoryControls();
  if (newFromOthers === 1) announce(`${lastFromOthers.sender.name}: ${lastFromOthers.text.slice(0, 300)}`);
  else if (newFromOthers > 1) announce(`${newFromOthers} new messages in #${room.name}`);
}

function messageElement({ seq, clientMessageId, sender, text, sentAt, own, system }) {
  const item = el('li', own ? 'message own' : system ? 'message system' : 'message');
  if (seq !== null && seq !== undefined) item.dataset.seq = String(seq);
  if (clientMessageId) item.dataset.clientMessageId = clientMessageId;

  const meta = el('div', 'message-meta');
  // The system is no member: its name gets no "Signed in" mark, whatever the frame says.
  meta.append(...nameElements('message-sender', system ? { name: sender.name, verified: false } : sender), timeElement(sentAt));
  const body = el('div', 'message-body');
  const textNode = el('div', 'message-text', text);
  textNode.dir = 'auto'; // right-to-left text lays out correctly
  body.append(meta, textNode);
  item.append(avatar(sender.name), body);
  return item;
}

function firstPendingElement(room) {
  for (const entry of room.pending.values()) {
    if (entry.el.parentNode === dom.messages) return entry.el;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Sending and pending messages
// ---------------------------------------------------------------------------------------------

function sendChatMessage(text) {
  const room = currentRoom();
  if (!room) return;
  const clientMessageId = newClientMessageId();

  const entry = { clientMessageId, room: room.name, text, status: 'waiting', failCode: null };
  entry.el = messageElement({
    seq: null,
    clientMessageId,
    sender: { name: state.name, verified: state.verified },
    text,
    sentAt: new Date().toISOString(),
    own: true,
  });
  entry.el.classList.add('pending');
  entry.statusEl = el('div', 'message-status');
  entry.el.querySelector('.message-body').append(entry.statusEl);
  room.pending.set(clientMessageId, entry);

  dom.messages.append(entry.el);
  scrollToBottom();
  transmitPending(entry);
}

/** Hands a pending message to the module, which sends it once the room is joined and resends it until acknowledged. */
function transmitPending(entry) {
  setPendingStatus(entry, 'waiting');
  state.client.send(entry.room, entry.text, { clientMessageId: entry.clientMessageId }).catch((error) => {
    if (state.rooms.get(entry.room)?.pending.get(entry.clientMessageId) !== entry) return;
    failPending(entry, error.code);
    if (error.code === 'frame_too_large') showNotice(error.code, error.message);
  });
}

function settlePending(room, clientMessageId) {
  const entry = room.pending.get(clientMessageId);
  if (!entry) return;
  entry.el.remove();
  room.pending.delete(clientMessageId);
}

function findPending(clientMessageId) {
  for (const room of state.rooms.values()) {
    const entry = room.pending.get(clientMessageId);
    if (entry) return entry;
  }
  return null;
}

function failPending(entry, code) {
  setPendingStatus(entry, 'failed', code);
}

function setPendingStatus(entry, status, failCode = null) {
  entry.status = status;
  entry.failCode = failCode;
  entry.el.dataset.status = status;
  entry.el.classList.toggle('failed', status === 'failed');

  const labels = {
    waiting: 'Waiting for connection…',
    sending: 'Sending…',
    failed: FAILURE_TEXT[failCode] ?? 'Not sent.',
  };
  entry.statusEl.replaceChildren(el('span', 'message-status-text', labels[status]));
  if (status !== 'failed') return;
  if (!PERMANENT_SEND_CODES.has(failCode)) {
    entry.statusEl.append(button('link-button', 'Retry', () => retryPending(entry)));
  }
  entry.statusEl.append(button('link-button', 'Discard', () => discardPending(entry)));
}

function retryPending(entry) {
  if (!state.rooms.has(entry.room)) return;
  transmitPending(entry); // same clientMessageId, so the server never stores it twice
}

function discardPending(entry) {
  state.rooms.get(entry.room)?.pending.delete(entry.clientMessageId);
  entry.el.remove();
}
// ---------------------------------------------------------------------------------------------
// Rooms
// ---------------------------------------------------------------------------------------------

function currentRoom() {
  return state.rooms.get(state.current) ?? null;
}

function joinRoom(name) {
  let room = state.rooms.get(name);
  if (!room) {
    room = createRoom(name);
    state.rooms.set(name, room);
    room.listItem = roomItem(room);
    dom.rooms.append(room.listItem);
    state.client?.join(name).catch(() => { /* a refusal arrives as a left event */ });
  }
  storageSet(ROOM_STORAGE_KEY, name);
  switchRoom(name);
}

function leaveRoom(name) {
  if (!state.rooms.has(name)) return;
  state.client?.leave(name);
  removeRoom(name);
}

function removeRoom(name) {
  const room = state.rooms.get(name);
  if (!room) return;
  clearAllTyping(room);
  room.listItem.remove();
  state.rooms.delete(name);
  if (state.current === name) {
    state.current = null;
    switchRoom(state.rooms.keys().next().value ?? null);
  }
  updateTitle();
}

function switchRoom(name) {
  const previous = currentRoom();
  if (previous) previous.scroll = captureScroll(); // also when re-rendering the same room
  state.current = name;
  const room = currentRoom();
  if (room) room.unread = 0;

  for (const other of state.rooms.values()) updateRoomItem(other);
  renderChat();
  closeSidebar();
  if (room && matchMedia('(pointer: fine)').matches) dom.composer.focus();
}

function roomItem(room) {
  const item = el('li', 'room');
  item.dataset.room = room.name;

  const open = button('room-button', '', () => switchRoom(room.name));
  open.append(el('span', 'room-hash', '#'), el('span', 'room-name', room.name), el('span', 'room-status'), el('span', 'unread'));
  const leave = button('room-leave', '×', () => leaveRoom(room.name), `Leave #${room.name}`);
  leave.title = `Leave #${room.name}`;
  item.append(open, leave);
  return item;
}

function updateRoomItem(room) {
  const item = room.listItem;
  if (!item) return;
  const active = room.name === state.current;
  item.classList.toggle('active', active);
  item.classList.toggle('joining', room.status !== 'joined');
  const open = item.querySelector('.room-button');
  if (active) open.setAttribute('aria-current', 'true');
  else open.removeAttribute('aria-current');
  item.querySelector('.room-status').textContent = room.status === 'joined' ? '' : 'joining…';

  const unread = item.querySelector('.unread');
  unread.hidden = room.unread === 0;
  unread.textContent = room.unread > 99 ? '99+' : String(room.unread);
  unread.setAttribute('aria-label', `${room.unread} unread`);
}

// ---------------------------------------------------------------------------------------------
// History and scrolling
// ---------------------------------------------------------------------------------------------

function captureScroll() {
  const { scrollTop, scrollHeight, clientHeight } = dom.scroller;
  return { top: scrollTop, height: scrollHeight, atBottom: scrollHeight - scrollTop - clientHeight < NEAR_EDGE_PX };
}

/** After prepending older messages, keep the same message under the user's eyes. */
function keepScrollAnchor(before) {
  dom.scroller.scrollTop = dom.scroller.scrollHeight - (before.height - before.top);
}

function scrollToBottom() {
  dom.scroller.scrollTop = dom.scroller.scrollHeight;
  dom.jumpLatest.hidden = true;
}

function requestOlder(room) {
  const oldest = room.messages[0];
  if (!oldest || !room.hasOlder || room.loadingOlder || room.status !== 'joined') return;
  room.loadingOlder = true;
  renderHistoryControls();
  state.client.history(room.name, { before: oldest.seq, limit: HISTORY_PAGE_SIZE }).then((page) => {
    if (state.rooms.get(room.name) !== room) return;
    room.loadingOlder = false;
    room.hasOlder = page.hasMore;
    addMessages(room, page.messages.map((m) => ({ ...m, own: state.client.isOwnConnection(m.sender.connectionId) })), { older: true });
    if (room.name === state.current) fillViewport(room);
  }, () => {
    room.loadingOlder = false; // the error frame, if any, shows its own notice
    if (room.name === state.current) renderHistoryControls();
  });
}

/** With no scrollbar the user cannot scroll up to trigger paging, so keep loading until there is one. */
function fillViewport(room) {
  if (dom.scroller.scrollHeight <= dom.scroller.clientHeight) requestOlder(room);
}

function onScroll() {
  const room = currentRoom();
  if (!room) return;
  if (dom.scroller.scrollTop < NEAR_EDGE_PX) requestOlder(room);
  if (captureScroll().atBottom) dom.jumpLatest.hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Typing
// ---------------------------------------------------------------------------------------------

function clearTyping(room, connectionId) {
  const entry = room.typing.get(connectionId);
  if (!entry) return;
  clearTimeout(entry.timer);
  room.typing.delete(connectionId);
  if (room.name === state.current) renderTyping();
}

function clearAllTyping(room) {
  for (const connectionId of [...room.typing.keys()]) clearTyping(room, connectionId);
}

function maybeSendTyping() {
  const room = currentRoom();
  if (!room || room.status !== 'joined' || !dom.composer.value.trim()) return;
  state.client.typing(room.name); // at most one frame per 2 s

}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

function renderAll() {
  for (const room of state.rooms.values()) updateRoomItem(room);
  renderMembers();
  renderTyping();
  renderHistoryControls();
}

function renderConnState() {
  const retryAt = state.client?.retryAt ?? 0;
  const waiting = state.conn === 'reconnecting' && retryAt > 0;
  const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
  const labels = {
    connecting: 'Connecting…',
    online: 'Online',
    reconnecting: waiting ? `Reconnecting in ${seconds}s…` : 'Reconnecting…',
    offline: 'Offline',
  };
  dom.connectionState.dataset.state = state.conn;
  dom.connectionState.textContent = labels[state.conn];
  dom.reconnectButton.hidden = !waiting && !(state.conn === 'offline' && state.client);
}

function renderChat() {
  const room = currentRoom();
  dom.noRoom.hidden = Boolean(room);
  dom.scroller.hidden = !room;
  dom.leaveButton.hidden = !room;
  dom.composer.disabled = !room;
  dom.jumpLatest.hidden = true;
  dom.roomTitle.textContent = room ? `# ${room.name}` : 'No room';
  dom.composer.placeholder = room ? `Message #${room.name}` : 'Join a room to chat';

  const pendingElements = room ? [...room.pending.values()].map((entry) => entry.el) : [];
  dom.messages.replaceChildren(...(room ? room.messages.map((m) => m.el) : []), ...pendingElements);

  if (room?.scroll && !room.scroll.atBottom) dom.scroller.scrollTop = room.scroll.top;
  else scrollToBottom();

  renderMembers();
  renderTyping();
  renderHistoryControls();
  updateComposer();
  updateTitle();
  if (room?.status === 'joined') fillViewport(room);
}

function renderHistoryControls() {
  const room = currentRoom();
  const showButton = Boolean(room?.hasOlder);
  dom.loadOlder.hidden = !showButton;
  dom.loadOlder.disabled = !room || room.loadingOlder || !isOnline();
  dom.loadOlder.textContent = room?.loadingOlder ? 'Loading…' : 'Load older messages';

  let startText = '';
  if (room && room.status === 'joined' && !room.hasOlder) {
    startText = room.messages.length ? `This is the beginning of #${room.name}.` : `No messages in #${room.name} yet — say hello!`;
  } else if (room && !room.joinedOnce) {
    startText = 'Loading messages…';
  }
  dom.historyStart.textContent = startText;
  dom.historyStart.hidden = !startText;
}

function renderMembers() {
  const room = currentRoom();
  const members = room ? [...room.members.values()] : [];
  members.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));

  dom.members.replaceChildren(...members.map((member) => {
    const item = el('li', 'member');
    item.dataset.connectionId = member.connectionId;
    item.append(avatar(member.name), ...nameElements('member-name', member));
    if (state.client?.isOwnConnection(member.connectionId)) {
      item.classList.add('me');
      item.append(el('span', 'member-you', '(you)'));
    }
    return item;
  }));
  dom.memberCount.textContent = room ? `— ${members.length}` : '';
}

function renderTyping() {
  const room = currentRoom();
  const names = room ? [...room.typing.values()].map((t) => t.name) : [];
  let text = '';
  if (names.length === 1) text = `${names[0]} is typing…`;
  else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
  else if (names.length > 2) text = 'Several people are typing…';
  dom.typing.textContent = text;
}

function updateComposer() {
  const length = dom.composer.value.length;
  const tooLong = length > MAX_TEXT_LENGTH;
  dom.sendButton.disabled = !currentRoom() || !dom.composer.value.trim() || tooLong;
  dom.charCount.textContent = length > MAX_TEXT_LENGTH - 500 ? `${length} / ${MAX_TEXT_LENGTH}` : '';
  dom.charCount.classList.toggle('over', tooLong);
  dom.composer.setAttribute('aria-invalid', String(tooLong));
}

function autosizeComposer() {
  dom.composer.style.height = 'auto';
  dom.composer.style.height = `${dom.composer.scrollHeight}px`; // capped by max-height in CSS
}

function updateTitle() {
  let unread = 0;
  for (const room of state.rooms.values()) unread += room.unread;
  document.title = unread ? `(${unread}) ChatRoom` : 'ChatRoom';
}

// ---------------------------------------------------------------------------------------------
// Sign in / out
// ---------------------------------------------------------------------------------------------

function validateName(name) {
  if (!name) return 'Please enter a display name.';
  if (name.length > MAX_NAME_LENGTH) return `Display names can be at most ${MAX_NAME_LENGTH} characters.`;
  return '';
}

function validateRoom(room) {
  return ROOM_PATTERN.test(room) ? '' : ERROR_TEXT.invalid_room;
}

function showFormError(message, input) {
  dom.joinError.textContent = message;
  for (const field of [dom.nameInput, dom.roomInput, dom.tokenInput]) field.setAttribute('aria-invalid', String(field === input));
  if (input) input.focus();
}

function onJoinSubmit(event) {
  event.preventDefault();
  const roomName = dom.roomInput.value.trim() || (state.signedIn ? '' : DEFAULT_ROOM);
  const name = dom.nameInput.value.trim();

  const token = state.auth.tokens ? dom.tokenInput.value.trim() : '';
  if (!state.signedIn && state.auth.tokenRequired && !token) return showFormError('Paste your sign-in token.', dom.tokenInput);
  const nameError = state.signedIn || token ? '' : validateName(name);
  if (nameError) return showFormError(nameError, dom.nameInput);
  const roomError = validateRoom(roomName);
  if (roomError) return showFormError(roomError, dom.roomInput);
  showFormError('', null);

  if (!state.signedIn) signIn(token ? nameFromToken(token) || 'signed in' : name, token);
  joinRoom(roomName);
  dom.roomInput.value = '';
}

/** Reads the display name from a token's payload, for showing only: the server decides. */
function nameFromToken(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    return String(claims.name || claims.preferred_username || claims.sub || '');
  } catch {
    return '';
  }
}

function tokenRefused(reason) {
  const message = reason
    ? `Your token was refused: ${reason}`
    : 'Could not connect with this token — it may be invalid or expired.';
  signOut();
  try { sessionStorage.removeItem(TOKEN_STORAGE_KEY); } catch { /* not available */ }
  dom.tokenInput.value = '';
  showFormError(message, dom.tokenInput);
}

function signIn(name, token) {
  state.name = name;
  state.token = token || '';
  state.signedIn = true;
  if (state.token) {
    try { sessionStorage.setItem(TOKEN_STORAGE_KEY, state.token); } catch { /* private mode */ }
  } else {
    storageSet(NAME_STORAGE_KEY, name);
  }

  // Reuse the same form (same ids) in the sidebar for joining more rooms.
  dom.sidebarFormSlot.append(dom.joinForm);
  dom.nameField.hidden = true;
  dom.tokenField.hidden = true;
  dom.roomLabel.textContent = 'Join a room';
  dom.roomInput.placeholder = 'room-name';
  dom.joinButton.textContent = 'Join';
  dom.userName.textContent = name;
  dom.userChip.hidden = false;
  dom.welcome.hidden = true;
  dom.chat.hidden = false;
  dom.body.classList.replace('signed-out', 'signed-in');
  connect();
}

function signOut() {
  disconnect();
  for (const name of [...state.rooms.keys()]) removeRoom(name);
  state.signedIn = false;

  dom.welcomeCard.append(dom.joinForm);
  state.token = '';
  dom.tokenField.hidden = !state.auth.tokens;
  dom.nameField.hidden = state.auth.tokenRequired;
  dom.roomLabel.textContent = 'Room';
  dom.roomInput.value = storageGet(ROOM_STORAGE_KEY) || DEFAULT_ROOM;
  dom.joinButton.textContent = 'Join chat';
  dom.userChip.hidden = true;
  dom.chat.hidden = true;
  dom.welcome.hidden = false;
  dom.body.classList.replace('signed-in', 'signed-out');
  dom.nameInput.focus();
}

// ---------------------------------------------------------------------------------------------
// Mobile sidebar
// ---------------------------------------------------------------------------------------------

function setSidebarOpen(open) {
  dom.body.classList.toggle('sidebar-open', open);
  dom.sidebarToggle.setAttribute('aria-expanded', String(open));
  dom.backdrop.hidden = !open;
}

function closeSidebar() {
  if (dom.body.classList.contains('sidebar-open')) setSidebarOpen(false);
}

// ---------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------

function onComposerKeydown(event) {
  // isComposing: Enter also confirms IME input (e.g. Japanese) and must not send then.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    dom.composerForm.requestSubmit();
  }
}

function onComposerSubmit(event) {
  event.preventDefault();
  const text = dom.composer.value.replace(/\s+$/, '');
  if (!text.trim() || !currentRoom()) return;
  if (text.length > MAX_TEXT_LENGTH) {
    showNotice('invalid_text', ERROR_TEXT.invalid_text);
    return;
  }
  dom.composer.value = '';
  autosizeComposer();
  updateComposer();
  sendChatMessage(text);
}

function wireEvents() {
  dom.joinForm.addEventListener('submit', onJoinSubmit);
  dom.signOutButton.addEventListener('click', signOut);
  dom.reconnectButton.addEventListener('click', () => state.client?.reconnectNow());
  dom.leaveButton.addEventListener('click', () => state.current && leaveRoom(state.current));
  dom.loadOlder.addEventListener('click', () => currentRoom() && requestOlder(currentRoom()));
  dom.jumpLatest.addEventListener('click', scrollToBottom);
  dom.scroller.addEventListener('scroll', onScroll, { passive: true });

  dom.composer.addEventListener('keydown', onComposerKeydown);
  dom.composer.addEventListener('input', () => {
    autosizeComposer();
    updateComposer();
    maybeSendTyping();
  });
  dom.composerForm.addEventListener('submit', onComposerSubmit);

  dom.sidebarToggle.addEventListener('click', () => setSidebarOpen(!dom.body.classList.contains('sidebar-open')));
  dom.backdrop.addEventListener('click', closeSidebar);
  document.addEventListener('keydown', (event) => event.key === 'Escape' && closeSidebar());

  // Coming back online: don't sit out the rest of the backoff.
  window.addEventListener('online', () => state.client?.reconnectNow());
  // Leaving the page is intentional; a restored (back/forward cached) page reconnects.
  window.addEventListener('pagehide', () => {
    state.client?.close();
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && state.signedIn && !isOnline()) state.client?.connect().catch(() => {});
  });
}

/**
 * Asks the host where to connect, how often to ping and whether it checks tokens; anything unclear keeps the
 * defaults (same-origin /ws, 30 s, the anonymous form).
 */
async function loadConfig() {
  try {
    const response = await fetch('config', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (response.ok) {
      const config = await response.json();
      state.auth = { tokens: config.tokens === true, tokenRequired: config.tokenRequired === true };
      if (typeof config.webSocketUrl === 'string' && /^wss?:\/\//.test(config.webSocketUrl)) state.webSocketUrl = config.webSocketUrl;
      if (Number.isFinite(config.keepAliveSeconds) && config.keepAliveSeconds > 0) state.keepAliveMs = config.keepAliveSeconds * 1000;
    }
  } catch {
    /* a host without config: the defaults */
  }
  dom.tokenField.hidden = !state.auth.tokens;
  dom.nameField.hidden = state.auth.tokenRequired;
  if (state.auth.tokens) {
    try { dom.tokenInput.value = sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? ''; } catch { /* not available */ }
  }
}

async function start() {
  wireEvents();
  renderConnState();
  await loadConfig();

  const params = new URLSearchParams(location.search);
  const urlName = (params.get('name') ?? '').trim();
  const urlRoom = (params.get('room') ?? '').trim();
  dom.nameInput.value = urlName || storageGet(NAME_STORAGE_KEY);
  dom.roomInput.value = urlRoom || storageGet(ROOM_STORAGE_KEY) || DEFAULT_ROOM;

  // ?name=… means "take me straight in" (anonymous mode only: with tokens the user pastes one first).
  if (urlName && !state.auth.tokenRequired) dom.joinForm.requestSubmit();
  else if (state.auth.tokenRequired) dom.tokenInput.focus();
  else (dom.nameInput.value ? dom.roomInput : dom.nameInput).focus();
}

window.chatRoom = Object.freeze({
  socket: () => state.client?.socket ?? null,
  state: () => state.conn,
  client: () => state.client,
  config: () => ({ webSocketUrl: socketUrl(), keepAliveMs: state.keepAliveMs, ...state.auth }),
});

start();
